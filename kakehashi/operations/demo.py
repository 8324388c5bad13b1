"""Demo cases: every accepted placement of the internships demo gets its case (finished rounds with their
checklists done and evaluations both ways); the demo student is in pre-departure at the demo company, and
the second demo student is in Japan now, so that check-ins and alerts can be tried. Idempotent and fast."""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from kakehashi.accounts.demo import demo_email
from kakehashi.accounts.models import Organization, Program, User
from kakehashi.operations.models import (
    CheckIn,
    DailyReport,
    Evaluation,
    EvaluationKind,
    InternCase,
    ReportLanguage,
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


def _finish(case: InternCase) -> None:
    """A finished internship: every item done, travel recorded, reports and evaluations both ways."""
    if case.tasks.exclude(status=TaskStatus.DONE).exists():
        SupportTask.objects.filter(case=case).update(
            status=TaskStatus.DONE, evidence="Done (demo).", done_at=timezone.now()
        )
        case.residence_documents.update(done=True, done_on=case.arrival_on - timedelta(days=10))
    StayRecord.objects.filter(case=case, housing_name="").update(
        housing_name="Nagaoka international dormitory",
        housing_provider="Nagaoka City",
        insurance_provider="Tokio Marine",
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
        (EvaluationKind.OF_PROGRAM, "Very useful; more Japanese training before arrival, please."),
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
        arrival = today - timedelta(days=4)
        case = case_open(
            intern=student2,
            host=Organization.objects.get(key="echigo-machinery"),
            program=jica,
            arrival_on=arrival,
            departure_on=arrival + timedelta(days=13),
            paid=False,
            round_label="Demo round",
        )
        SupportTask.objects.filter(case=case, due_on__lt=today).update(
            status=TaskStatus.DONE, evidence="Done (demo)."
        )
        SupportTask.objects.filter(case=case, item__key="phone_and_internet").update(
            status=TaskStatus.BLOCKED, blocked_reason="The SIM card has not arrived yet."
        )


@transaction.atomic
def load() -> None:
    today = timezone.localdate()
    for case in _from_placements():
        if case.departure_on < today:
            _finish(case)
    jica = Program.objects.filter(key="jica-dx-2024").first()
    if jica is not None:
        _demo_student_cases(jica, today)
