"""The agreements app's rows of the URL x role matrix.

The demo student's case (must-kosen at nagaoka-seiki): those who read its diary read its agreement (the
student, the company's administrator and mentor, the teacher, the safety officer, the program office); the
city officer and the funder are refused (403); everyone else is told it does not exist (404). Only the
program manager (and the platform administrator) draws it up; only the party whose turn it is signs (the
college's teacher first), the other parties are refused (403).
"""

from typing import Any

from kakehashi.agreements import services
from kakehashi.agreements.models import Agreement
from kakehashi.core.permissions import build_viewer
from kakehashi.core.testing.matrix import MatrixContext, Row, everyone
from kakehashi.operations.tests.matrix import READS_DIARY, case_id, on_case, student_case

DRAWS_UP = frozenset({"admin", "manager"})
SIGNERS = ("teacher", "company", "student", "manager")


def agreement(c: MatrixContext) -> Agreement:
    def make(c: MatrixContext) -> Agreement:
        return services.agreement_draw_up(viewer=build_viewer(c.user("manager")), case=student_case(c))

    return c.once("agreement", make)  # type: ignore[no-any-return]


def signed_agreement(c: MatrixContext) -> Agreement:
    def make(c: MatrixContext) -> Agreement:
        made = agreement(c)
        for key in SIGNERS:
            services.agreement_sign(
                viewer=build_viewer(c.user(key)),
                agreement=made,
                sha256=made.versions.get().sha256,
                ip="192.0.2.1",
                base_url="http://testserver/",
            )
        return made

    return c.once("signed", make)  # type: ignore[no-any-return]


def with_agreement(c: MatrixContext) -> dict[str, Any]:
    return {"case_id": agreement(c).case_id}


def sign_data(c: MatrixContext) -> dict[str, str]:
    return {"sha256": agreement(c).versions.get().sha256, "confirm": "1"}


ROWS = [
    # Without a code (a code counts against the address's rate limit; tests/test_views.py checks codes).
    Row("agreements:verify", everyone(200, anon=200)),
    Row("agreements:detail", on_case(READS_DIARY), kwargs=case_id, label="agreement page, not drawn up"),
    Row(
        "agreements:detail",
        on_case(READS_DIARY),
        kwargs=with_agreement,
        label="agreement page, being signed",
    ),
    Row(
        "agreements:draw_up",
        on_case(DRAWS_UP, yes=302),
        kwargs=case_id,
        method="post",
        label="draw up (program manager)",
    ),
    Row(
        "agreements:sign",
        on_case({"teacher"}, yes=302),
        kwargs=with_agreement,
        method="post",
        data=sign_data,
        label="sign: only the college's teacher, whose turn it is first",
    ),
    Row(
        "agreements:version_pdf",
        on_case(READS_DIARY),
        kwargs=lambda c: {**with_agreement(c), "number": 1},
    ),
    Row(
        "agreements:signed_pdf",
        on_case(READS_DIARY),
        kwargs=lambda c: {"case_id": signed_agreement(c).case_id},
    ),
]
