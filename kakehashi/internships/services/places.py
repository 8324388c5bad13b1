"""Places: a host company writes or corrects an internship place (once it is ready to offer places),
and the program office approves it or returns it with a reason."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kakehashi.accounts.models import Organization, User
from kakehashi.accounts.roles import OrganizationKind, Role
from kakehashi.core.permissions import Viewer, require
from kakehashi.internships import rules
from kakehashi.internships.models import Place, PlaceStatus
from kakehashi.internships.services.notifications import tell
from kakehashi.notifications.events import Localized


def company_is_ready(company: Organization) -> bool:
    """The companies app decides readiness; until it exists, every company counts as ready."""
    try:
        from kakehashi.companies.selectors import is_company_ready  # type: ignore
    except ImportError:
        return True
    return bool(is_company_ready(company))


@transaction.atomic
def place_save(*, viewer: Viewer, place: Place) -> Place:
    """A company writes or corrects a place; it goes (back) to the program office for review."""
    creating = place.pk is None
    if creating:
        require(rules.can_write_place(viewer, place.round, place.company_id))
        if place.company.kind != OrganizationKind.HOST_COMPANY:
            raise ValidationError(_("Only host companies offer internship places."))
        if not company_is_ready(place.company):
            raise ValidationError(
                _("Your company must finish the readiness program before it offers places.")
            )
    else:
        require(rules.can_edit_place(viewer, place))
    if not rules.can_manage_round(viewer, place.round):
        place.status = PlaceStatus.SUBMITTED
        place.return_reason = ""
    place.full_clean()
    place.save()
    return place


@transaction.atomic
def place_review(*, viewer: Viewer, place: Place, approve: bool, reason: str = "") -> Place:
    require(rules.can_review_place(viewer, place))
    if approve:
        place.status = PlaceStatus.APPROVED
        place.return_reason = ""
    else:
        if not reason.strip():
            raise ValidationError(
                {"reason": _("Say why the place is returned, so the company can correct it.")}
            )
        place.status = PlaceStatus.RETURNED
        place.return_reason = reason.strip()
    place.save(update_fields=["status", "return_reason", "updated_at"])
    admins = User.objects.filter(
        memberships__organization_id=place.company_id,
        memberships__role=Role.COMPANY_ADMIN,
        memberships__program_id=place.round.program_id,
        memberships__is_active=True,
    ).distinct()
    tell(
        admins,
        place.round,
        "internships.place_approved" if approve else "internships.place_returned",
        {"title": Localized(place), "reason": place.return_reason},
        place.get_absolute_url(),
    )
    return place
