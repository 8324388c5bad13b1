"""Screening: the student's college nominates (or not) with a reason and the student is told; the NGO
coordinator confirms the decision."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer, require
from kakehashi.internships import rules
from kakehashi.internships.models import Application, Nomination
from kakehashi.internships.services.notifications import tell
from kakehashi.notifications.events import Localized


@transaction.atomic
def nomination_decide(
    *, viewer: Viewer, application: Application, nominate: bool, reason: str
) -> Application:
    require(
        rules.can_nominate(viewer, application),
        _("Only the student's college decides nominations, during screening."),
    )
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason for the decision.")})
    application.nomination = Nomination.NOMINATED if nominate else Nomination.NOT_NOMINATED
    application.nomination_reason = reason.strip()
    application.nominated_by = viewer.user
    application.confirmed_at = None
    application.confirmed_by = None
    application.save()
    tell(
        [application.student],
        application.round,
        "internships.nominated" if nominate else "internships.not_nominated",
        {"round": Localized(application.round, "name")},
        application.get_absolute_url(),
    )
    return application


@transaction.atomic
def nomination_confirm(*, viewer: Viewer, application: Application) -> Application:
    require(
        rules.can_confirm(viewer, application),
        _("Only the NGO coordinator confirms nominations, during screening."),
    )
    application.confirmed_at = timezone.now()
    application.confirmed_by = viewer.user
    application.save(update_fields=["confirmed_at", "confirmed_by", "updated_at"])
    return application
