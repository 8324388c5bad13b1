"""The internships app's rows of the URL x role matrix.

Demo objects used: the JICA program's open round (2026-03, applications open) and its finished round
(2025-03, published and accepted). A company sees only confirmed nominees who ranked one of its places, and
never another company's ranking page (404).
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from kakehashi.core.testing.matrix import (
    PROGRAM_OFFICE,
    MatrixContext,
    Row,
    everyone,
    expect,
)
from kakehashi.internships.models import (
    Application,
    Choice,
    InterviewSlot,
    MatchingRun,
    Nomination,
    Phase,
    Place,
    Placement,
    Round,
)
from kakehashi.internships.selectors import rounds_changed

MANAGERS = {"admin", "manager"}
# Who sees a must-kosen applicant nominated to Nagaoka Seiki: the office, the NGO, the college, the company.
SEES_MUST_NOMINEE = PROGRAM_OFFICE | {"ngo", "teacher", "company"}
# Who arranges the interpreters of the interviews: the program office and the NGO coordinator.
ARRANGE_INTERPRETERS = PROGRAM_OFFICE | {"ngo"}


def open_round(c: MatrixContext) -> Round:
    return Round.objects.get(program=c.program(), key="2026-03")


def finished_round(c: MatrixContext) -> Round:
    return Round.objects.get(program=c.program(), key="2025-03")


def pilot_round(c: MatrixContext) -> Round:
    return Round.objects.get(program=c.program("nagaoka-pilot-2023"), key="pilot-2023")


def open_place(c: MatrixContext) -> int:
    return Place.objects.get(round=open_round(c), company__key="nagaoka-seiki").pk


def seiki_place(c: MatrixContext) -> int:
    return (
        Place.objects.filter(round=finished_round(c), company__key="nagaoka-seiki").order_by("pk").first().pk
    )  # type: ignore[union-attr]


def other_place(c: MatrixContext) -> int:
    return Place.objects.get(round=finished_round(c), company__key="echigo-machinery").pk


def must_nominee(c: MatrixContext) -> int:
    """A must-kosen applicant, confirmed as nominated, who ranked a Nagaoka Seiki place; with a CV."""

    def make(c: MatrixContext) -> Application:
        application = Application.objects.filter(
            round=finished_round(c),
            college__key="must-kosen",
            nomination=Nomination.NOMINATED,
            pk__in=Choice.objects.filter(place__company__key="nagaoka-seiki").values("application_id"),
        ).first()
        assert application is not None
        application.cv.save("cv.pdf", ContentFile(b"%PDF-1.4 matrix\n%%EOF\n"), save=True)
        return application

    return c.once("must_nominee", make).pk


def in_screening(c: MatrixContext) -> int:
    """The nominee, with the finished round moved back to screening so that decisions can be taken."""
    Round.objects.filter(pk=finished_round(c).pk).update(phase=Phase.SCREENING)
    rounds_changed()  # an update sends no signal
    return must_nominee(c)


def run(c: MatrixContext) -> int:
    return MatchingRun.objects.filter(round=finished_round(c)).first().pk  # type: ignore[union-attr]


def seiki_placement(c: MatrixContext) -> int:
    return Placement.objects.filter(round=finished_round(c), place__company__key="nagaoka-seiki").first().pk  # type: ignore[union-attr]


def booked_slot(c: MatrixContext) -> int:
    def make(c: MatrixContext) -> InterviewSlot:
        return InterviewSlot.objects.create(
            place_id=seiki_place(c),
            starts_at=timezone.now() + timedelta(days=3),
            application_id=must_nominee(c),
            meeting_url="https://meet.example/abc",
            interpreter=True,
        )

    return c.once("slot", make).pk


def student_slot(c: MatrixContext) -> int:
    """An interview the demo student booked (their draft application of the open round)."""

    def make(c: MatrixContext) -> InterviewSlot:
        application = Application.objects.get(
            round=open_round(c), student__email="student@demo.kakehashi.example"
        )
        return InterviewSlot.objects.create(
            place_id=open_place(c), starts_at=timezone.now() + timedelta(days=4), application=application
        )

    return c.once("student_slot", make).pk


# Who moves or cancels a booked interview: its company and the program manager.
MOVE_INTERVIEW = MANAGERS | {"company"}


def round_kwargs(which):  # type: ignore[no-untyped-def]
    return lambda c: {"round_id": which(c).pk}


ROWS = [
    Row("internships:round_list", everyone()),
    Row("internships:round_create", expect(MANAGERS)),
    Row("internships:notification_list", everyone(302), label="the old notification list sends to the inbox"),
    Row("internships:round_detail", everyone(), kwargs=round_kwargs(open_round)),
    Row(
        "internships:round_detail",
        everyone(404),
        kwargs=round_kwargs(pilot_round),
        label="round_detail of a round of another program than the current one",
    ),
    Row("internships:round_phase", expect(MANAGERS), kwargs=round_kwargs(open_round)),
    Row("internships:place_list", everyone(), kwargs=round_kwargs(open_round)),
    Row("internships:place_create", expect({"company"}), kwargs=round_kwargs(open_round)),
    Row("internships:application_edit", expect({"student", "student2"}), kwargs=round_kwargs(open_round)),
    Row(
        "internships:my_ranking",
        expect({"student"}, no=403) | {"student2": 302},
        kwargs=round_kwargs(open_round),
        label="my_ranking: the demo student has a draft; the second student must apply first",
    ),
    Row(
        "internships:applicant_list",
        expect(PROGRAM_OFFICE | {"ngo", "teacher", "company"}),
        kwargs=round_kwargs(finished_round),
    ),
    Row("internships:my_interviews", expect({"student"}), kwargs=round_kwargs(open_round)),
    Row(
        "internships:place_interviews",
        expect({"company"}, no=404),
        kwargs=lambda c: {"place_id": seiki_place(c)},
    ),
    Row(
        "internships:interview_ics",
        expect({"company"}, no=404),
        kwargs=lambda c: {"slot_id": booked_slot(c)},
        label="interview_ics: the company of the place (and the booked student, not a demo person)",
    ),
    Row(
        "internships:interview_cancel",
        expect(MOVE_INTERVIEW, no=404),
        kwargs=lambda c: {"slot_id": booked_slot(c)},
        label="interview_cancel: the confirmation page, for the company and the program manager",
    ),
    Row(
        "internships:interview_cancel",
        expect(MOVE_INTERVIEW, yes=302, no=404),
        method="post",
        kwargs=lambda c: {"slot_id": booked_slot(c)},
        data=lambda c: {"reason": "The interviewer is ill."},
        label="interview_cancel: posted with a reason",
    ),
    Row(
        "internships:interview_cancel",
        expect(MOVE_INTERVIEW, no=404) | {"student": 403},
        kwargs=lambda c: {"slot_id": student_slot(c)},
        label="interview_cancel: the student of the interview may not cancel it (403), they ask the company",
    ),
    Row(
        "internships:interview_move",
        expect(MOVE_INTERVIEW, no=404) | {"student": 403},
        kwargs=lambda c: {"slot_id": student_slot(c)},
        label="interview_move: the company and the program manager; its student 403",
    ),
    Row(
        "internships:interview_move",
        expect(MOVE_INTERVIEW, yes=302, no=404),
        method="post",
        kwargs=lambda c: {"slot_id": booked_slot(c)},
        data=lambda c: {
            "starts_at": (timezone.now() + timedelta(days=9)).strftime("%Y-%m-%dT%H:%M"),
            "minutes": 30,
            "reason": "A machine is being installed.",
        },
        label="interview_move: posted with a new time and a reason",
    ),
    Row(
        "internships:interview_scorecard",
        expect({"company"}, no=404),
        kwargs=lambda c: {"slot_id": booked_slot(c)},
        label="interview_scorecard: the company's interviewers only",
    ),
    Row(
        "internships:round_interviews",
        expect(MANAGERS),
        kwargs=lambda c: {"round_id": finished_round(c).pk} if booked_slot(c) else {},
        label="round_interviews: the program manager's list of every interview; others 403",
    ),
    Row(
        "internships:round_interviews",
        everyone(404),
        kwargs=round_kwargs(pilot_round),
        label="round_interviews of a round of another program than the current one",
    ),
    Row(
        "internships:interpreter_list",
        expect(ARRANGE_INTERPRETERS),
        kwargs=round_kwargs(finished_round),
    ),
    Row(
        "internships:interpreter_list",
        everyone(404),
        kwargs=round_kwargs(pilot_round),
        label="interpreter_list of a round of another program than the current one",
    ),
    Row(
        "internships:interpreter_edit",
        expect(ARRANGE_INTERPRETERS),
        kwargs=lambda c: {"round_id": finished_round(c).pk, "slot_id": booked_slot(c)},
    ),
    Row(
        "internships:interpreter_edit",
        expect(ARRANGE_INTERPRETERS, yes=302),
        method="post",
        kwargs=lambda c: {"round_id": finished_round(c).pk, "slot_id": booked_slot(c)},
        data=lambda c: {"name": "Oyunaa Bat", "contact": "+976 9911 2233"},
        label="interpreter_edit: the company and the student may not set the interpreter",
    ),
    Row(
        "internships:interpreter_edit",
        expect(ARRANGE_INTERPRETERS, yes=404),
        kwargs=lambda c: {"round_id": open_round(c).pk, "slot_id": booked_slot(c)},
        label="interpreter_edit of another round's slot",
    ),
    Row("internships:run_list", expect(MANAGERS), kwargs=round_kwargs(finished_round)),
    Row("internships:run_compare", expect(MANAGERS), kwargs=round_kwargs(finished_round)),
    Row("internships:result", everyone(), kwargs=round_kwargs(finished_round)),
    Row("internships:round_export", expect(PROGRAM_OFFICE), kwargs=round_kwargs(finished_round)),
    Row("internships:place_detail", everyone(), kwargs=lambda c: {"place_id": open_place(c)}),
    Row("internships:place_edit", expect(MANAGERS), kwargs=lambda c: {"place_id": open_place(c)}),
    Row("internships:place_review", expect(MANAGERS), kwargs=lambda c: {"place_id": open_place(c)}),
    Row(
        "internships:place_ranking",
        expect({"company"}, no=404),
        kwargs=lambda c: {"place_id": seiki_place(c)},
    ),
    Row(
        "internships:place_ranking",
        everyone(404),
        kwargs=lambda c: {"place_id": other_place(c)},
        label="place_ranking of another company's place",
    ),
    Row(
        "internships:place_not_placed",
        expect({"company"}, no=404),
        kwargs=lambda c: {"place_id": seiki_place(c)},
    ),
    Row(
        "internships:place_not_placed",
        everyone(404),
        kwargs=lambda c: {"place_id": other_place(c)},
        label="place_not_placed of another company's place",
    ),
    Row(
        "internships:application_detail",
        expect(SEES_MUST_NOMINEE, no=404),
        kwargs=lambda c: {"application_id": must_nominee(c)},
    ),
    Row(
        "internships:application_cv",
        expect(SEES_MUST_NOMINEE, no=404),
        kwargs=lambda c: {"application_id": must_nominee(c)},
    ),
    Row(
        "internships:application_nominate",
        expect(SEES_MUST_NOMINEE, no=404, yes=403),
        method="post",
        kwargs=lambda c: {"application_id": must_nominee(c)},
        data=lambda c: {"decision": "nominate", "reason": "Strong results."},
        label="application_nominate after screening closed",
    ),
    Row(
        "internships:application_nominate",
        expect(SEES_MUST_NOMINEE, no=404, yes=403) | {"teacher": 302},
        method="post",
        kwargs=lambda c: {"application_id": in_screening(c)},
        data=lambda c: {"decision": "nominate", "reason": "Strong results."},
        label="application_nominate during screening",
    ),
    Row(
        "internships:application_confirm",
        expect(SEES_MUST_NOMINEE, no=404, yes=403) | {"admin": 302, "ngo": 302},
        method="post",
        kwargs=lambda c: {"application_id": in_screening(c)},
    ),
    Row("internships:run_detail", expect(MANAGERS, no=404), kwargs=lambda c: {"run_id": run(c)}),
    Row("internships:run_input", expect(MANAGERS, no=404), kwargs=lambda c: {"run_id": run(c)}),
    Row(
        "internships:run_check",
        expect(MANAGERS, yes=302, no=404),
        method="post",
        kwargs=lambda c: {"run_id": run(c)},
    ),
    Row("internships:run_publish", expect(MANAGERS, no=404), kwargs=lambda c: {"run_id": run(c)}),
    Row(
        "internships:placement_answer",
        expect(MANAGERS, yes=403, no=404) | {"company": 302},
        method="post",
        kwargs=lambda c: {"placement_id": seiki_placement(c)},
        data=lambda c: {"answer": "accept"},
        label="placement_answer: the company answers (too late: a message), the office may not",
    ),
    # The API: a token or a session; the same scoping as the pages.
    Row("api:round_places", everyone(200, anon=401), kwargs=round_kwargs(open_round)),
    Row("api:my_application", expect({"student"}, no=404, anon=401), kwargs=round_kwargs(open_round)),
    Row("api:my_ranking", expect({"student"}, no=404, anon=401), kwargs=round_kwargs(open_round)),
    Row("api:my_result", everyone(200, anon=401), kwargs=round_kwargs(finished_round)),
    Row("api:round_statistics", expect(MANAGERS, anon=401), kwargs=round_kwargs(finished_round)),
]


def japanese_result(c: MatrixContext) -> int:
    """A result of the demo student's, waiting for verification."""
    from datetime import date

    from kakehashi.internships.models import JapaneseResult

    result = JapaneseResult(student=c.user("student"), test="jlpt", level="N4", taken_on=date(2025, 12, 7))
    result.certificate.save("certificate", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    result.save()
    return result.pk


ROWS += [
    Row("internships:my_japanese", expect({"student", "student2"})),
    Row("internships:japanese_review_list", expect(MANAGERS)),
    # Someone else's result answers 404; its owner may open it but not review it (403).
    Row(
        "internships:japanese_review",
        {**expect(MANAGERS, yes=302, no=404), "student": 403},
        method="post",
        kwargs=lambda c: {"result_id": japanese_result(c)},
    ),
    Row(
        "internships:japanese_certificate",
        expect(MANAGERS | {"student"}, no=404),
        kwargs=lambda c: {"result_id": japanese_result(c)},
    ),
]
