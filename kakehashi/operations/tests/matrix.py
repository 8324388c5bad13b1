"""The operations app's rows of the URL x role matrix.

The demo student (must-kosen) has a case at the demo company (nagaoka-seiki): the student, the company's
administrator and mentor, the student's teacher, the travel and safety officer, the city and the program
office see it; everyone else is told it does not exist (404), and the funder is refused (403). The city
officer sees cases for living support only: not the private data, the daily reports or the evaluations
(403, as for the funder).
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from kakehashi.core.testing.matrix import ANON, PROGRAM_OFFICE, ROLES, SIGNED_IN, MatrixContext, Row, expect
from kakehashi.operations.models import Alert, AlertKind, DailyReport, Incident, InternCase

CASE_WIDE = PROGRAM_OFFICE | {"safety", "city"}
SEES_STUDENT_CASE = CASE_WIDE | {"student", "teacher", "company", "mentor"}
READS_DIARY = SEES_STUDENT_CASE - {"city"}
SENSITIVE = PROGRAM_OFFICE | {"safety", "student"}
EDITS_STAY = PROGRAM_OFFICE | {"safety"}


def on_case(
    allowed: set[str] | frozenset[str], *, sees: frozenset[str] = SEES_STUDENT_CASE, yes: int = 200
) -> dict[str, int]:
    """`yes` for `allowed`; 403 for those who see the case but may not do this, and for the funder;
    404 for those who may not know the case exists."""
    expected = {}
    for role in ROLES:
        if role == ANON:
            expected[role] = 302
        elif role in allowed:
            expected[role] = yes
        elif role in sees or role == "funder":
            expected[role] = 403
        else:
            expected[role] = 404
    return expected


NOT_FUNDER = expect(SIGNED_IN - {"funder"})


def student_case(c: MatrixContext) -> InternCase:
    return InternCase.objects.get(intern=c.user("student"), program=c.program())


def other_case(c: MatrixContext) -> InternCase:
    return InternCase.objects.get(intern=c.user("student2"), program=c.program())


def case_id(c: MatrixContext) -> dict[str, int]:
    return {"case_id": student_case(c).pk}


def task_of_city(c: MatrixContext) -> dict[str, int]:
    case = student_case(c)
    return {"case_id": case.pk, "task_id": case.tasks.get(item__key="airport_pickup").pk}


def alert(c: MatrixContext) -> int:
    def make(c: MatrixContext) -> Alert:
        return Alert.objects.create(
            case=student_case(c),
            kind=AlertKind.MISSED_CHECKIN,
            day=timezone.localdate(),
            raised_at=timezone.now(),
        )

    return c.once("alert", make).pk


def incident(c: MatrixContext) -> int:
    def make(c: MatrixContext) -> Incident:
        return Incident.objects.create(
            case=student_case(c),
            severity="low",
            occurred_at=timezone.now() - timedelta(hours=1),
            what_happened="Lost the way home.",
            reported_by=c.user("safety"),
        )

    return c.once("incident", make).pk


def report(c: MatrixContext) -> int:
    def make(c: MatrixContext) -> DailyReport:
        case = student_case(c)
        return DailyReport.objects.create(case=case, day=case.arrival_on, language="mn", body="Сайн өдөр.")

    return c.once("report", make).pk


def item_id(c: MatrixContext) -> dict[str, int]:
    from kakehashi.operations.services import support_items_ensure

    return {"item_id": support_items_ensure(c.program())[0].pk}


def ready_pack(c: MatrixContext) -> InternCase:
    """The demo student's case with a generated pack (a stand-in ZIP: the matrix checks who gets it)."""

    def make(c: MatrixContext) -> InternCase:
        import io
        import zipfile

        from django.core.files.base import ContentFile

        from kakehashi.operations.models import PackStatus, ResidencePack
        from kakehashi.operations.residence_pack import documents_for

        case = student_case(c)
        documents = documents_for(case.route)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for position, document in enumerate(documents, start=1):
                archive.writestr(document.filename(position), b"%PDF-1.7 stand-in")
        pack = ResidencePack(
            case=case,
            route=case.route,
            status=PackStatus.READY,
            progress=100,
            documents=[
                {"key": d.key, "filename": d.filename(i), "prepared_by": d.prepared_by}
                for i, d in enumerate(documents, start=1)
            ],
        )
        pack.file.save("matrix.zip", ContentFile(buffer.getvalue()), save=False)
        pack.save()
        return case

    return c.once("ready_pack", make)


def pack_document(prepared_by: str) -> Callable[[MatrixContext], dict[str, Any]]:
    def kwargs(c: MatrixContext) -> dict[str, Any]:
        from kakehashi.operations.residence_pack import documents_for

        case = ready_pack(c)
        key = next(d.key for d in documents_for(case.route) if d.prepared_by == prepared_by)
        return {"case_id": case.pk, "key": key}

    return kwargs


BUILDS_PACK = PROGRAM_OFFICE | {"company"}


def signed_copy(prepared_by: str) -> Callable[[MatrixContext], dict[str, Any]]:
    """The demo student's case with the signed copy of its first document prepared by `prepared_by`."""

    def kwargs(c: MatrixContext) -> dict[str, Any]:
        from django.core.files.base import ContentFile

        from kakehashi.operations.models import ResidencePackUpload
        from kakehashi.operations.residence_pack import documents_for

        case = student_case(c)
        key = next(d.key for d in documents_for(case.route) if d.prepared_by == prepared_by)

        def make(c: MatrixContext) -> ResidencePackUpload:
            record = ResidencePackUpload(case=case, key=key)
            record.file.save(
                "signed.pdf", ContentFile(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), save=False
            )
            record.save()
            return record

        c.once(f"signed_{prepared_by}", make)
        return {"case_id": case.pk, "key": key}

    return kwargs


ROWS = [
    Row("operations:case_list", NOT_FUNDER),
    Row(
        "operations:my_case",
        NOT_FUNDER,
        overrides={"student": 302, "student2": 302},
        label="my_case: interns go to their case",
    ),
    Row("operations:checkin", NOT_FUNDER),
    Row("operations:board", expect(CASE_WIDE)),
    Row("operations:alert_list", expect(CASE_WIDE)),
    Row("operations:alert_acknowledge", expect(CASE_WIDE), kwargs=lambda c: {"alert_id": alert(c)}),
    # The call list reveals emergency contacts: the safety officer and the program office; the city sees
    # the alert but not the contacts (403); those who do not see alerts are refused (403) as on the list.
    Row(
        "operations:call_list",
        expect(PROGRAM_OFFICE | {"safety"}),
        kwargs=lambda c: {"alert_id": alert(c)},
    ),
    # The one-tap check-in link needs no login; a forged token shows the same small page (never a 4xx,
    # which would write the path into the error log).
    Row("operations:checkin_link", dict.fromkeys(ROLES, 200), kwargs=lambda c: {"token": "forged"}),
    Row(
        "operations:checkin_link",
        dict.fromkeys(ROLES, 200),
        kwargs=lambda c: {"token": "forged"},
        method="post",
        label="operations:checkin_link (post)",
    ),
    Row("operations:support_item_list", expect({"admin", "manager"})),
    Row("operations:safety_settings", expect({"admin", "manager"})),
    Row("operations:support_item_edit", expect({"admin", "manager"}), kwargs=item_id),
    Row("operations:evaluation_list", NOT_FUNDER),
    Row("operations:case_detail", on_case(SEES_STUDENT_CASE), kwargs=case_id),
    Row(
        "operations:case_detail",
        on_case(CASE_WIDE | {"student2"}, sees=CASE_WIDE | {"student2"}),
        kwargs=lambda c: {"case_id": other_case(c).pk},
        label="case_detail of another college's and company's intern",
    ),
    Row("operations:task_edit", on_case(PROGRAM_OFFICE | {"city"}), kwargs=task_of_city),
    Row("operations:residence", on_case(SEES_STUDENT_CASE), kwargs=case_id),
    Row("operations:residence_edit", on_case(EDITS_STAY), kwargs=case_id),
    Row("operations:residence_pack", on_case(SEES_STUDENT_CASE), kwargs=case_id),
    Row(
        "operations:residence_pack",
        on_case(BUILDS_PACK, yes=302),
        kwargs=case_id,
        method="post",
        label="residence_pack: generate",
    ),
    Row(
        "operations:residence_pack",
        on_case(CASE_WIDE | {"student2"}, sees=CASE_WIDE | {"student2"}),
        kwargs=lambda c: {"case_id": other_case(c).pk},
        label="residence_pack of another college's and company's intern",
    ),
    Row(
        "operations:residence_pack_download",
        on_case(BUILDS_PACK),
        kwargs=lambda c: {"case_id": ready_pack(c).pk},
    ),
    Row(
        "operations:residence_pack_document",
        on_case(BUILDS_PACK),
        kwargs=pack_document("host"),
        label="residence_pack_document: a host company's document",
    ),
    Row(
        "operations:residence_pack_document",
        on_case(BUILDS_PACK | {"teacher"}),
        kwargs=pack_document("college"),
        label="residence_pack_document: a letter the college signs",
    ),
    Row(
        "operations:residence_pack_signed",
        on_case(BUILDS_PACK),
        kwargs=signed_copy("host"),
        label="residence_pack_signed: the host's signed copy",
    ),
    Row(
        "operations:residence_pack_signed",
        on_case(BUILDS_PACK | {"teacher"}),
        kwargs=signed_copy("college"),
        label="residence_pack_signed: the college's signed copy",
    ),
    Row(
        "operations:residence_pack_signed",
        on_case(BUILDS_PACK | {"teacher"}, yes=302),
        kwargs=signed_copy("college"),
        method="post",
        label="residence_pack_signed: upload the college's (no file: told to choose one)",
    ),
    Row("operations:travel", on_case(SEES_STUDENT_CASE), kwargs=case_id),
    Row("operations:travel_edit", on_case(EDITS_STAY), kwargs=case_id),
    Row("operations:sensitive", on_case(SENSITIVE), kwargs=case_id),
    Row(
        "operations:sensitive",
        on_case(SENSITIVE, yes=200),
        kwargs=case_id,
        method="post",
        label="sensitive: reveal (recorded)",
    ),
    Row("operations:sheet", on_case(SENSITIVE), kwargs=case_id),
    Row(
        "operations:certificate",
        on_case(READS_DIARY),
        kwargs=case_id,
        label="certificate before the end",
    ),
    Row("operations:incident_create", on_case(SEES_STUDENT_CASE), kwargs=case_id),
    Row(
        "operations:incident_detail",
        on_case(SEES_STUDENT_CASE),
        kwargs=lambda c: {"incident_id": incident(c)},
    ),
    Row(
        "operations:incident_close",
        on_case(EDITS_STAY, yes=302),
        kwargs=lambda c: {"incident_id": incident(c)},
        method="post",
        data=lambda c: {"closure": "Found the way home."},
    ),
    Row("operations:report_week", on_case(READS_DIARY), kwargs=case_id),
    Row("operations:report_write", on_case({"student"}), kwargs=case_id),
    Row("operations:report_detail", on_case(READS_DIARY), kwargs=lambda c: {"report_id": report(c)}),
    Row(
        "operations:report_week",
        on_case(CASE_WIDE - {"city"} | {"student2"}, sees=CASE_WIDE | {"student2"}),
        kwargs=lambda c: {"case_id": other_case(c).pk},
        label="report_week of another intern: the city officer is refused",
    ),
    Row(
        "operations:evaluation_edit",
        on_case({"company", "mentor"}),
        kwargs=lambda c: {**case_id(c), "kind": "of_intern"},
    ),
    Row(
        "operations:evaluation_edit",
        on_case({"student"}),
        kwargs=lambda c: {**case_id(c), "kind": "of_program"},
        label="evaluation_edit of the program by the intern",
    ),
]

# The API: the intern's phone. Writes (POST with a JSON body) are tested in test_api.py.
INTERNS = {"student", "student2"}
ROWS += [
    Row(
        "api:operations_my_case",
        {**expect(INTERNS, no=404, anon=401), "funder": 403},
    ),
    Row(
        "api:operations_daily_reports",
        {**expect(INTERNS, no=404, anon=401), "funder": 403},
    ),
    Row(
        "api:operations_check_in",
        dict.fromkeys(ROLES, 405),
        label="api:operations_check_in answers POST only",
    ),
]
