"""Demo cases: every accepted placement of the internships demo gets its case. Finished internships have
their checklists done and evaluations both ways; the interns of the round in Japan now check in every day,
write daily reports that their mentors comment on, and one had an incident. The demo student is in
pre-departure at the demo company, and the second demo student is in Japan now, so that check-ins and
alerts can be tried. Idempotent and fast (rows in bulk)."""

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from kakehashi.accounts.demo import demo_email
from kakehashi.accounts.models import Organization, Program, User
from kakehashi.operations.models import (
    Alert,
    AlertKind,
    CheckIn,
    DailyReport,
    Evaluation,
    EvaluationKind,
    Incident,
    InternCase,
    ReportComment,
    ReportLanguage,
    Severity,
    StayRecord,
    SupportTask,
    TaskStatus,
)
from kakehashi.operations.services import case_open


def _from_placements() -> list[InternCase]:
    """Cases of the internships demo's accepted placements, when that app and its data exist."""
    try:
        from kakehashi.internships.models import Placement
    except ImportError:
        return []
    from kakehashi.operations.apps import on_placement_accepted

    cases = []
    placements = Placement.objects.filter(status="accepted").select_related(
        "round__program", "place__company", "application__student", "application__college"
    )
    for placement in placements:
        on_placement_accepted(sender=Placement, placement=placement)
        case = InternCase.objects.filter(placement_ref=placement.pk).first()
        if case is not None:
            cases.append(case)
    return cases


# What the owner of a checklist item writes when it is done, in the owner's language: Japanese organizations
# write Japanese, the Mongolian colleges Mongolian.
EVIDENCE = {
    "partner_college": "Хийж дууссан; коллежийн бүртгэлд хадгалсан.",
    "ngo": "Хийж дууссан; коллежийн бүртгэлд хадгалсан.",
}
EVIDENCE_JA = "対応済み。記録は事務局で保管しています。"


def _tasks_done(case: InternCase, before: date | None = None) -> None:
    """Mark the case's checklist items done (those due before `before`, or all), each owner's note in its
    own language: one UPDATE per language."""
    tasks = SupportTask.objects.filter(case=case).exclude(status=TaskStatus.DONE)
    if before is not None:
        tasks = tasks.filter(due_on__lt=before)
    done_at = timezone.make_aware(datetime.combine(before or case.departure_on, datetime.min.time()))
    for kind, note in EVIDENCE.items():
        tasks.filter(item__owner_kind=kind).update(status=TaskStatus.DONE, evidence=note, done_at=done_at)
    tasks.exclude(item__owner_kind__in=EVIDENCE).update(
        status=TaskStatus.DONE, evidence=EVIDENCE_JA, done_at=done_at
    )


def _finish(case: InternCase) -> None:
    """A finished internship: every item done, travel recorded, reports and evaluations both ways."""
    if case.tasks.exclude(status=TaskStatus.DONE).exists():
        _tasks_done(case)
        case.residence_documents.update(done=True, done_on=case.arrival_on - timedelta(days=10))
    StayRecord.objects.filter(case=case, housing_name="").update(
        housing_name="長岡市国際交流寮",
        housing_provider="長岡市",
        insurance_provider="東京海上日動",
        outbound_flight="OM501 UBN-NRT",
        return_flight="OM502 NRT-UBN",
    )
    company = User.objects.filter(email=demo_email("company")).first()
    manager = User.objects.get(email=demo_email("manager"))
    evaluator = company if company is not None and case.host.key == "nagaoka-seiki" else manager
    Evaluation.objects.get_or_create(
        case=case,
        kind=EvaluationKind.OF_INTERN,
        defaults={
            "author": evaluator,
            "skills": 4,
            "attitude": 5,
            "japanese": 3,
            "teamwork": 4,
            "overall": 4,
            "comment": "真面目で、質問が的確でした。",
        },
    )
    for kind, comment in (
        (EvaluationKind.OF_COMPANY, "Ажлын орчин маш сайн байсан."),
        (
            EvaluationKind.OF_PROGRAM,
            "Маш хэрэгтэй байлаа; ирэхээс өмнө япон хэлний сургалтыг нэмэгдүүлээрэй.",
        ),
    ):
        Evaluation.objects.get_or_create(
            case=case, kind=kind, defaults={"author": case.intern, "overall": 5, "comment": comment}
        )
    first = case.arrival_on
    DailyReport.objects.get_or_create(
        case=case,
        day=first,
        defaults={
            "language": ReportLanguage.MN,
            "body": "Өнөөдөр үйлдвэртэй танилцаж, аюулгүй ажиллагааны сургалтад суусан.",
        },
    )
    at = timezone.make_aware(datetime.combine(first, case.checkin_deadline)) - timedelta(hours=2)
    CheckIn.objects.get_or_create(case=case, day=first, defaults={"at": at})


def _demo_student_cases(jica: Program, today: date) -> None:
    host = Organization.objects.get(key="nagaoka-seiki")
    student = User.objects.filter(email=demo_email("student")).first()
    if student is not None and not InternCase.objects.filter(intern=student, program=jica).exists():
        arrival = today + timedelta(days=45)
        case_open(
            intern=student,
            host=host,
            program=jica,
            arrival_on=arrival,
            departure_on=arrival + timedelta(days=13),
            paid=False,
            round_label="Demo round",
        )
    student2 = User.objects.filter(email=demo_email("student2")).first()
    if student2 is not None and not InternCase.objects.filter(intern=student2, program=jica).exists():
        in_japan = _round_in_japan(jica)
        arrival = in_japan.internship_starts_on if in_japan is not None else today - timedelta(days=4)
        case = case_open(
            intern=student2,
            host=Organization.objects.get(key="echigo-machinery"),
            program=jica,
            arrival_on=arrival,
            departure_on=arrival + timedelta(days=13),
            paid=False,
            round_ref=in_japan.pk if in_japan is not None else None,
            round_label=str(in_japan.name.in_language("en")) if in_japan is not None else "",
        )
        _tasks_done(case, before=today)
        SupportTask.objects.filter(case=case, item__key="phone_and_internet").update(
            status=TaskStatus.BLOCKED,
            evidence="",
            blocked_reason="SIMカードがまだ届いていません（KDDIに確認中）。",
        )


def _round_in_japan(program: Program) -> Any:
    try:
        from kakehashi.internships.models import Round
    except ImportError:
        return None
    return Round.objects.filter(program=program, key="in-japan").first()


REPORTS_MN = [
    "Өнөөдөр үйлдвэртэй танилцаж, аюулгүй ажиллагааны сургалтад суусан.",
    "Мэдрэгчийн өгөгдлийг Python-оор уншиж, график зурсан.",
    "CNC машины ажиллагааг ажиглаж, зөвлөгчөөсөө олон асуулт асуусан.",
    "Багтайгаа өглөөний хурал хийж, өдрийн төлөвлөгөөгөө япон хэлээр хэлсэн.",
    "Чанарын шалгалтын өгөгдлийг Excel-д нэгтгэж, дүгнэлт бичсэн.",
]
REPORT_JA = "今日は検査工程を見学し、測定データの記録方法を教わりました。"
COMMENTS_JA = [
    "よくできました。明日は測定の手順を一緒に確認しましょう。",
    "質問が的確でした。分からないことはいつでも聞いてください。",
    "日本語での報告がとても分かりやすかったです。",
]


def _in_japan(case: InternCase, today: date, mentors: dict[int, User], number: int) -> None:
    """An internship under way: the checklist items due so far done, a check-in every day (today's still to
    come for some), a daily report every past day and the mentor's comments on most of them."""
    if case.checkins.exists():
        return
    _tasks_done(case, before=today)
    StayRecord.objects.filter(case=case, housing_name="").update(
        housing_name="長岡市国際交流寮",
        housing_provider="長岡市",
        insurance_provider="東京海上日動",
        outbound_flight="OM501 UBN-NRT",
        return_flight="OM502 NRT-UBN",
    )
    days = [case.arrival_on + timedelta(days=n) for n in range((today - case.arrival_on).days + 1)]
    # Every intern checked in on every past day; today, every other one has already (not the demo intern,
    # whose check-in of today is left to try).
    today_done = number % 2 == 0 and case.intern.email != demo_email("student2")
    checked = [day for day in days if day < today or today_done]
    CheckIn.objects.bulk_create(
        CheckIn(
            case=case,
            day=day,
            at=timezone.make_aware(datetime.combine(day, case.checkin_deadline))
            - timedelta(hours=3, minutes=number),
        )
        for day in checked
    )
    reports = DailyReport.objects.bulk_create(
        DailyReport(
            case=case,
            day=day,
            language=ReportLanguage.JA if index == 2 else ReportLanguage.MN,
            body=REPORT_JA if index == 2 else REPORTS_MN[(index + number) % len(REPORTS_MN)],
        )
        for index, day in enumerate(d for d in days if d < today)
    )
    mentor = mentors.get(case.host_id)
    if mentor is not None:
        # The latest report waits for the mentor's comment; the others have one.
        ReportComment.objects.bulk_create(
            ReportComment(report=report, author=mentor, body=COMMENTS_JA[(index + number) % len(COMMENTS_JA)])
            for index, report in enumerate(reports[:-1])
        )


def _incident(case: InternCase, today: date) -> None:
    """The second day in Japan: a slip on the way to work, reported and followed up, not closed yet."""
    if case.incidents.exists():
        return
    safety = User.objects.filter(email=demo_email("safety")).first() or User.objects.get(
        email=demo_email("manager")
    )
    day = case.arrival_on + timedelta(days=1)
    Incident.objects.create(
        case=case,
        severity=Severity.LOW,
        occurred_at=timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=8),
        what_happened="通勤途中、凍結した歩道で転倒し、右手首を打撲。本人から連絡あり。",
        actions="受入企業の担当者が病院へ同行。骨折なし。冬靴と滑り止めを市が手配。",
        reported_by=safety,
    )
    raised = timezone.make_aware(datetime.combine(day, datetime.min.time())) + timedelta(hours=8, minutes=20)
    Alert.objects.get_or_create(
        case=case,
        kind=AlertKind.INCIDENT,
        day=day,
        defaults={
            "raised_at": raised,
            "acknowledged_at": raised + timedelta(minutes=15),
            "acknowledged_by": safety,
        },
    )


def _mentors() -> dict[int, User]:
    """The first mentor of each host company, by the company's id."""
    from kakehashi.accounts.models import Membership
    from kakehashi.accounts.roles import Role

    mentors: dict[int, User] = {}
    for membership in (
        Membership.objects.filter(role=Role.MENTOR, program__key="jica-dx-2024")
        .select_related("user")
        .order_by("pk")
    ):
        mentors.setdefault(membership.organization_id, membership.user)
    return mentors


@transaction.atomic
def load() -> None:
    today = timezone.localdate()
    mentors = _mentors()
    under_way = []
    for case in _from_placements():
        if case.departure_on < today:
            _finish(case)
        elif case.arrival_on <= today:
            under_way.append(case)
    jica = Program.objects.filter(key="jica-dx-2024").first()
    if jica is not None:
        _demo_student_cases(jica, today)
        student2_case = InternCase.objects.filter(intern__email=demo_email("student2"), program=jica).first()
        if student2_case is not None and student2_case.arrival_on <= today <= student2_case.departure_on:
            under_way.append(student2_case)
    for number, case in enumerate(sorted(under_way, key=lambda c: c.pk)):
        _in_japan(case, today, mentors, number)
    if under_way:
        _incident(sorted(under_way, key=lambda c: c.pk)[0], today)
    # The items marked done above were bulk updates, which no signal sees.
    from kakehashi.operations.selectors import board_changed

    board_changed()
