"""The careers app's rows of the URL x role matrix.

The demo company (nagaoka-seiki) offers the demo student (must-kosen) a job: the student, the company's
administrator and mentor, the student's teacher, the NGO and the program office see it; everyone else is
told it does not exist (404), and the funder, who sees counts only, is refused (403).
"""

from datetime import date

from kakehashi.careers.models import Hire, JobOffer
from kakehashi.careers.services import hire_from_offer
from kakehashi.core.testing.matrix import ANON, PROGRAM_OFFICE, ROLES, SIGNED_IN, MatrixContext, Row, expect

SEES_OFFER = PROGRAM_OFFICE | {"ngo", "student", "teacher", "company", "mentor"}


def on_offer(allowed: set[str] | frozenset[str], *, yes: int = 200) -> dict[str, int]:
    expected = {}
    for role in ROLES:
        if role == ANON:
            expected[role] = 302
        elif role in allowed:
            expected[role] = yes
        elif role in SEES_OFFER or role == "funder":
            expected[role] = 403
        else:
            expected[role] = 404
    return expected


def offer(c: MatrixContext) -> JobOffer:
    def make(c: MatrixContext) -> JobOffer:
        return JobOffer.objects.create(
            program=c.program(),
            company=c.org("nagaoka-seiki"),
            student=c.user("student"),
            college=c.org("must-kosen"),
            title="Matrix engineer",
            graduation_on=date(2027, 1, 20),
            start_on=date(2027, 4, 1),
            offered_by=c.user("company"),
        )

    return c.once("offer", make)


def hire(c: MatrixContext) -> Hire:
    def make(c: MatrixContext) -> Hire:
        accepted = JobOffer.objects.create(
            program=c.program(),
            company=c.org("nagaoka-seiki"),
            student=c.user("student"),
            college=c.org("must-kosen"),
            title="Matrix hire",
            graduation_on=date(2026, 1, 20),
            start_on=date(2026, 4, 1),
            offered_by=c.user("company"),
            status="accepted",
        )
        return hire_from_offer(accepted)

    return c.once("hire", make)


def ready_hire_pack(c: MatrixContext) -> Hire:
    """The matrix hire with generated documents (a stand-in ZIP: the matrix checks who gets it)."""

    def make(c: MatrixContext) -> Hire:
        from django.core.files.base import ContentFile

        from kakehashi.careers.models import HirePack, HirePackStatus

        pack = HirePack(hire=hire(c), status=HirePackStatus.READY, progress=100)
        pack.file.save("matrix.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=False)
        pack.save()
        return pack.hire

    return c.once("ready_hire_pack", make)


ROWS = [
    Row("careers:offer_list", expect(SIGNED_IN - {"funder"})),
    Row("careers:offer_create", expect({"company"})),
    Row("careers:offer_detail", on_offer(SEES_OFFER), kwargs=lambda c: {"offer_id": offer(c).pk}),
    Row(
        "careers:offer_respond",
        on_offer({"student"}, yes=302),
        kwargs=lambda c: {"offer_id": offer(c).pk},
        method="post",
        data=lambda c: {"answer": "accept"},
    ),
    Row("careers:offer_withdraw", on_offer({"company"}), kwargs=lambda c: {"offer_id": offer(c).pk}),
    Row("careers:hire_detail", on_offer(SEES_OFFER), kwargs=lambda c: {"hire_id": hire(c).pk}),
    Row(
        "careers:retention_answer",
        on_offer({"student", "company"}),
        kwargs=lambda c: {"check_id": hire(c).retention_checks.get(months=3).pk},
    ),
    # The company's administrator and the program office keep the follow-up of a hire.
    Row(
        "careers:residence_period_add",
        on_offer(PROGRAM_OFFICE | {"company"}, yes=302),
        kwargs=lambda c: {"hire_id": hire(c).pk},
        method="post",
        data=lambda c: {"kind": "change", "granted_on": "2026-03-20", "expires_on": "2031-03-20"},
    ),
    Row(
        "careers:job_change_record",
        on_offer(PROGRAM_OFFICE | {"company"}, yes=302),
        kwargs=lambda c: {"hire_id": hire(c).pk},
        method="post",
        data=lambda c: {"left_on": "2027-05-31", "new_employer": "", "stays_in_niigata": "unknown"},
    ),
    # The documents for the change of status: everyone who sees the hire sees the list; the company's
    # administrator and the program office generate and download them.
    Row("careers:hire_pack", on_offer(SEES_OFFER), kwargs=lambda c: {"hire_id": hire(c).pk}),
    Row(
        "careers:hire_pack",
        on_offer(PROGRAM_OFFICE | {"company"}, yes=302),
        kwargs=lambda c: {"hire_id": hire(c).pk},
        method="post",
        label="hire_pack: generate",
    ),
    Row(
        "careers:hire_pack_download",
        on_offer(PROGRAM_OFFICE | {"company"}),
        kwargs=lambda c: {"hire_id": ready_hire_pack(c).pk},
    ),
    Row("careers:alumni_list", expect(SIGNED_IN - {"funder"})),
    Row("careers:alumni_profile", expect({"student", "student2"})),
]

# The API. Answers (POST with a JSON body) are tested in test_api.py.
ROWS += [
    Row("api:careers_offers", {**expect(SIGNED_IN - {"funder"}, anon=401), "funder": 403}),
    Row(
        "api:careers_offer_answer",
        dict.fromkeys(ROLES, 405),
        kwargs=lambda c: {"offer_id": offer(c).pk},
        label="api:careers_offer_answer answers POST only",
    ),
]
