"""Demo employment: a pilot intern hired by the company where they interned (with the 技人国 checklist done
and retention check-ins answered); three interns of the round that finished about fifteen months ago hired
since (their 3- and 6-month retention checks answered, the 12-month one still to come) and one who declined;
and an open offer to an intern in Japan now. Dated from the day of loading. Idempotent."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from kakehashi.accounts.demo import demo_email
from kakehashi.accounts.models import User
from kakehashi.careers.models import AlumniProfile, HireDocument, JobOffer, OfferStatus, RetentionCheck
from kakehashi.careers.services import hire_from_offer
from kakehashi.operations.models import InternCase


def _offer(case: InternCase, author: User, **values: object) -> JobOffer:
    offer, _created = JobOffer.objects.get_or_create(
        program=case.program,
        company=case.host,
        student=case.intern,
        defaults={"college": case.college, "offered_by": author, **values},
    )
    return offer


@transaction.atomic
def load() -> None:
    author = User.objects.filter(email=demo_email("company")).first() or User.objects.get(
        email=demo_email("manager")
    )
    pilot_case = (
        InternCase.objects.filter(program__key="nagaoka-pilot-2023", host__key="nagaoka-seiki")
        .select_related("program", "host", "college", "intern")
        .first()
    )
    if pilot_case is not None:
        offer = _offer(
            pilot_case,
            author,
            title="IoT技術者 / IoT engineer",
            description="加工ラインのセンサとダッシュボードの開発。",
            monthly_salary_jpy=230_000,
            graduation_on=date(2024, 1, 20),
            start_on=date(2024, 4, 1),
            status=OfferStatus.ACCEPTED,
            responded_at=timezone.now(),
        )
        hire = hire_from_offer(offer)
        if hire.graduated_on is None:
            hire.graduated_on = date(2024, 1, 20)
            hire.save(update_fields=["graduated_on", "updated_at"])
            HireDocument.objects.filter(hire=hire).update(done=True, done_on=date(2024, 3, 1))
            now = timezone.now()
            RetentionCheck.objects.filter(hire=hire).update(
                still_employed=True,
                company_satisfaction=4,
                company_comment="頼りにしています。",
                company_answered_at=now,
                employee_satisfaction=5,
                employee_wants_to_stay=True,
                employee_comment="Би энд үргэлжлүүлэн ажиллах хүсэлтэй.",
                employee_answered_at=now,
            )
        AlumniProfile.objects.get_or_create(
            user=pilot_case.intern,
            defaults={"listed": True, "headline": "IoT engineer · Nagaoka Seiki · 2024", "contact": ""},
        )
    today = timezone.localdate()
    _past_round_hires(author, today)
    current = (
        InternCase.objects.filter(
            program__key="jica-dx-2024",
            host__key="nagaoka-seiki",
            placement_ref__isnull=False,
            arrival_on__lte=today,
            departure_on__gte=today,
        )
        .select_related("program", "host", "college", "intern")
        .first()
    )
    if current is not None:
        _offer(
            current,
            author,
            title="ロボット技術者 / Robotics technician",
            description="小ロット加工のロボットセルの立上げと保守。",
            monthly_salary_jpy=220_000,
            graduation_on=today + timedelta(days=200),
            start_on=today + timedelta(days=300),
        )


JOBS = [
    ("IoT技術者 / IoT engineer", "加工ラインのセンサとダッシュボードの開発。", 230_000),
    ("生産技術 / Production engineer", "設備の保全データの分析と改善。", 225_000),
    ("システム開発 / Software developer", "工場向けWebシステムの開発。", 240_000),
    ("設計補助 / Design assistant", "CADによる治具の設計。", 215_000),
]


def _past_round_hires(author: User, today: date) -> None:
    """Offers to four interns of the finished round "2025-03": three hired (retention checks due so far
    answered), one declined."""
    cases = list(
        InternCase.objects.filter(program__key="jica-dx-2024", departure_on__lt=today - timedelta(days=300))
        .exclude(placement_ref__isnull=True)
        .select_related("program", "host", "college", "intern")
        .order_by("pk")[:4]
    )
    for index, case in enumerate(cases):
        title, description, salary = JOBS[index]
        graduation = case.departure_on + timedelta(days=120)
        declined = index == 3
        offer = _offer(
            case,
            author,
            title=title,
            description=description,
            monthly_salary_jpy=salary,
            graduation_on=graduation,
            start_on=graduation + timedelta(days=30),
            status=OfferStatus.DECLINED if declined else OfferStatus.ACCEPTED,
            responded_at=timezone.make_aware(
                datetime.combine(case.departure_on + timedelta(days=40), time(10))
            ),
        )
        offered_at = timezone.make_aware(datetime.combine(case.departure_on + timedelta(days=20), time(10)))
        if offer.created_at > offered_at:
            JobOffer.objects.filter(pk=offer.pk).update(created_at=offered_at)
        if declined:
            continue
        hire = hire_from_offer(offer)
        if hire.graduated_on is not None:
            continue
        hire.graduated_on = graduation
        hire.save(update_fields=["graduated_on", "updated_at"])
        HireDocument.objects.filter(hire=hire).update(done=True, done_on=graduation + timedelta(days=10))
        for check in RetentionCheck.objects.filter(hire=hire, due_on__lt=today):
            answered = timezone.make_aware(datetime.combine(check.due_on + timedelta(days=3), time(10)))
            check.still_employed = True
            check.company_satisfaction = 4 + (index + check.months) % 2
            check.company_comment = "現場で頼りにされています。日本語も上達しました。"
            check.company_answered_at = answered
            check.employee_satisfaction = 4
            check.employee_wants_to_stay = True
            check.employee_comment = "Ажил сонирхолтой, хамт олон маань надад тусалдаг."
            check.employee_answered_at = answered
            check.save()
