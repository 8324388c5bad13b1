"""The privacy app's rows of the URL x role matrix."""

from kakehashi.core.testing.matrix import PROGRAM_OFFICE, MatrixContext, Row, everyone, expect
from kakehashi.privacy.models import ConsentKind, DeletionRequest, PersonalRecord

AUDITORS = frozenset({"admin", "manager"})


def students_record(c: MatrixContext) -> int:
    return PersonalRecord.objects.get(user=c.user("student")).pk


def deletion_request(c: MatrixContext) -> int:
    return c.once("deletion", lambda c: DeletionRequest.objects.create(user=c.user("student2"))).pk


ROWS = [
    Row("privacy:my_data", everyone()),
    Row("privacy:mfa_required", everyone()),
    Row("privacy:consent_list", everyone()),
    Row(
        "privacy:consent_give",
        everyone(302),
        method="post",
        kwargs=lambda c: {"kind": ConsentKind.SENSITIVE_DATA},
    ),
    Row(
        "privacy:consent_give",
        everyone(404),
        method="post",
        kwargs=lambda c: {"kind": "no-such-kind"},
        label="consent_give of an unknown kind",
    ),
    Row(
        "privacy:consent_withdraw",
        everyone(302),
        method="post",
        kwargs=lambda c: {"kind": ConsentKind.CROSS_BORDER_TRANSFER},
    ),
    Row("privacy:record_edit", everyone()),
    Row(
        "privacy:record_detail",
        expect(PROGRAM_OFFICE | {"safety", "student"}, no=404),
        kwargs=lambda c: {"record_id": students_record(c)},
        label="record_detail of the demo student's record",
    ),
    Row("privacy:export", everyone(200), method="post"),
    Row("privacy:deletion_request", everyone()),
    Row("privacy:deletion_request_list", expect(PROGRAM_OFFICE)),
    # The audit of sensitive reads: the platform administrator and the program manager; 403 for others
    # (a list, not an object whose existence could leak).
    Row("privacy:sensitive_read_list", expect(AUDITORS)),
    Row("privacy:sensitive_read_export", expect(AUDITORS)),
    Row(
        "privacy:deletion_request_decide",
        expect(PROGRAM_OFFICE),
        kwargs=lambda c: {"request_id": deletion_request(c)},
    ),
]
