"""Opening an intern's case when a placement is accepted: the case itself, its checklist tasks (each
given to the organization responsible and a due date), its residence documents and its travel-and-stay
record, with the helpers that find the owners and the college."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kakehashi.accounts.models import Membership, Organization, Program, User
from kakehashi.accounts.roles import OrganizationKind, Role
from kakehashi.operations.models import (
    InternCase,
    StayRecord,
    SupportAnchor,
    SupportItem,
    SupportTask,
    route_for,
)
from kakehashi.operations.selectors import board_changed
from kakehashi.operations.services.checklist import support_items_ensure
from kakehashi.operations.services.residence_and_stay import _residence_documents_reset


def _owners_by_kind(program: Program) -> dict[str, Organization]:
    """The organization of each kind taking part in the program (the first one, for singular kinds)."""
    owners: dict[str, Organization] = {}
    for org in Organization.objects.filter(participations__program=program).order_by("pk"):
        owners.setdefault(org.kind, org)
    return owners


def _owner_for(kind: str, case: InternCase, owners: dict[str, Organization]) -> Organization | None:
    if kind == OrganizationKind.HOST_COMPANY:
        return case.host
    if kind == OrganizationKind.PARTNER_COLLEGE:
        return case.college
    return owners.get(kind)


def _due_on(item: SupportItem, case: InternCase) -> date:
    anchor = case.departure_on if item.anchor == SupportAnchor.DEPARTURE else case.arrival_on
    return anchor + timedelta(days=item.due_days)


def _college_of(intern: User, program: Program) -> Organization | None:
    membership = (
        Membership.objects.filter(user=intern, program=program, role=Role.STUDENT, is_active=True)
        .select_related("organization")
        .first()
    ) or Membership.objects.filter(user=intern, role=Role.STUDENT).select_related("organization").first()
    return membership.organization if membership else None


@transaction.atomic
def case_open(
    *,
    intern: User,
    host: Organization,
    program: Program,
    arrival_on: date,
    departure_on: date,
    paid: bool,
    placement_ref: int | None = None,
    college: Organization | None = None,
    round_ref: int | None = None,
    round_label: str = "",
) -> InternCase:
    """Open the case of an accepted intern (called by the internships app's placement_accepted signal).

    Idempotent: a placement opens one case; without a placement, one case per intern, program and arrival.
    """
    if departure_on < arrival_on:
        raise ValidationError(_("The departure cannot be before the arrival."))
    if placement_ref is not None:
        existing = InternCase.objects.filter(placement_ref=placement_ref).first()
    else:
        existing = InternCase.objects.filter(
            intern=intern, program=program, arrival_on=arrival_on, host=host
        ).first()
    if existing is not None:
        return existing
    case = InternCase.objects.create(
        program=program,
        intern=intern,
        college=college or _college_of(intern, program),
        host=host,
        arrival_on=arrival_on,
        departure_on=departure_on,
        paid=paid,
        route=route_for(paid=paid, arrival_on=arrival_on, departure_on=departure_on),
        placement_ref=placement_ref,
        round_ref=round_ref,
        round_label=round_label,
    )
    owners = _owners_by_kind(program)
    SupportTask.objects.bulk_create(
        SupportTask(
            case=case, item=item, owner=_owner_for(item.owner_kind, case, owners), due_on=_due_on(item, case)
        )
        for item in support_items_ensure(program)
    )
    board_changed()  # the bulk insert sends no signal
    _residence_documents_reset(case)
    StayRecord.objects.create(
        case=case,
        insurance_from=arrival_on,
        insurance_to=departure_on,
        housing_from=arrival_on,
        housing_to=departure_on,
    )
    return case
