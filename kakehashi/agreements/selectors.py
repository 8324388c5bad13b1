"""Reads of agreements, scoped to the viewer through the case: another organization's case answers 404,
a role that does not read agreements 403."""

from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from kakehashi.agreements import rules
from kakehashi.agreements.models import Agreement, AgreementStatus, AgreementVersion, Party, Signature
from kakehashi.agreements.services import current_version, next_party, parties_of, valid_signatures
from kakehashi.core.permissions import Viewer, require
from kakehashi.operations import selectors as case_selectors
from kakehashi.operations.models import InternCase


def case_for(viewer: Viewer, case_id: int) -> InternCase:
    case = case_selectors.case_for(viewer, case_id)
    require(
        rules.can_read(viewer, case),
        _("The agreement is for its parties, the safety officer and the program office."),
    )
    return case


def agreement_of(case: InternCase) -> Agreement | None:
    return Agreement.objects.filter(case=case).first()


def version_of(agreement: Agreement, number: int) -> AgreementVersion:
    version = agreement.versions.filter(number=number).first()
    if version is None:
        raise Http404
    return version


@dataclass
class Step:
    party: str
    label: str
    signature: Signature | None
    is_next: bool


@dataclass
class Page:
    agreement: Agreement
    version: AgreementVersion
    steps: list[Step]
    voided: list[Signature] = field(default_factory=list)
    earlier: list[AgreementVersion] = field(default_factory=list)


def page_of(agreement: Agreement) -> Page:
    """The current version, each party's step (signed, next, waiting), the void signatures and why."""
    version = current_version(agreement)
    signed = valid_signatures(version)
    turn = next_party(agreement.case, signed)
    steps = [Step(p, str(Party(p).label), signed.get(p), p == turn) for p in parties_of(agreement.case)]
    voided = list(
        Signature.objects.filter(version__agreement=agreement, voided_at__isnull=False)
        .select_related("voided_by", "version")
        .order_by("-voided_at", "pk")[:20]
    )
    earlier = list(
        agreement.versions.exclude(pk=version.pk)
        .order_by("-number")
        .only("number", "created_at", "sha256", "change_note", "agreement_id")
    )
    return Page(agreement, version, steps, voided, earlier)


@dataclass(frozen=True)
class Status:
    label: str
    tone: str


def status_text(agreement: Agreement | None) -> Status:
    if agreement is None:
        return Status(_("Agreement not drawn up"), "warning")
    if agreement.status == AgreementStatus.SIGNED:
        return Status(_("Agreement signed"), "success")
    return Status(
        _("Agreement: waiting for %(party)s") % {"party": Party(agreement.next_party).label}
        if agreement.next_party
        else _("Agreement being signed"),
        "info",
    )


def attach_statuses(cases: list[Any]) -> None:
    """Set `case.agreement_status` on each case of a page, in one query read as plain values, each status
    worded once a page (a board page has a few statuses for its 25 cases)."""
    ids = [case.pk for case in cases]
    found = {
        case_id: (status, next_party)
        for case_id, status, next_party in Agreement.objects.filter(case_id__in=ids)
        .order_by()
        .values_list("case_id", "status", "next_party")
    }
    worded: dict[tuple[str, str] | None, Status] = {}
    for case in cases:
        key = found.get(case.pk)
        if key not in worded:
            worded[key] = status_text(None if key is None else Agreement(status=key[0], next_party=key[1]))
        case.agreement_status = worded[key]


@dataclass(frozen=True)
class Verified:
    serial: str
    status: str
    organizations: list[tuple[str, str]]
    signed_at: Any


def verified(code: str) -> Verified | None:
    """What the public page shows for a code: the serial, status and the parties' organizations (never the
    student)."""
    code = code.strip().upper()[:20]
    if not code:
        return None
    agreement = Agreement.objects.select_related("case__host", "case__college").filter(code=code).first()
    if agreement is None:
        return None
    case = agreement.case
    organizations = []
    if case.college is not None:
        organizations.append((str(Party.COLLEGE.label), case.college.name))
    organizations.append((str(Party.COMPANY.label), case.host.name))
    from kakehashi.agreements.terms import program_office_of

    office = program_office_of(case)
    if office is not None:
        organizations.append((str(Party.OFFICE.label), office.name))
    return Verified(
        agreement.serial, str(AgreementStatus(agreement.status).label), organizations, agreement.signed_at
    )
