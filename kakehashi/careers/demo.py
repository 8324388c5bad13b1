"""Demo employment: a pilot intern hired by the company where they interned (with the 技人国 checklist done
and retention check-ins answered), and an open offer to an intern of the 2025 round. Idempotent."""

from datetime import date

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
            title="IoT engineer, production technology",
            description="Sensors and dashboards on the machining lines.",
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
            defaults={"listed": True, "headline": "IoT engineer at Nagaoka Seiki since 2024", "contact": ""},
        )
    current = (
        InternCase.objects.filter(
            program__key="jica-dx-2024", host__key="nagaoka-seiki", placement_ref__isnull=False
        )
        .select_related("program", "host", "college", "intern")
        .first()
    )
    if current is not None:
        _offer(
            current,
            author,
            title="Robotics technician",
            description="Robot cells for small-lot machining.",
            monthly_salary_jpy=220_000,
            graduation_on=date(2027, 1, 20),
            start_on=date(2027, 4, 1),
        )
