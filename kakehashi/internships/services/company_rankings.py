"""Company rankings: a company ranks the confirmed nominees who ranked its place (equal ranks are
ties), before the rankings deadline and guarded by the place's ranking version."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer, require
from kakehashi.internships import rules
from kakehashi.internships.models import Choice, CompanyRank, Nomination, Phase, Place
from kakehashi.internships.services.deadlines import _require_before_deadline
from kakehashi.internships.services.locking import _bump_version


@transaction.atomic
def company_ranking_save(
    *, viewer: Viewer, place: Place, ranks: dict[int, int | None], expected_version: int | None = None
) -> None:
    """Set the company's ranks for a place: {application id: rank or None}; equal ranks are ties.

    `expected_version` is the place's ranking version the form was rendered with: of two saves from the
    same version, the second is refused and asked to reload."""
    require(rules.can_rank_applicants(viewer, place) or place.company_id in rules.company_ids(viewer))
    _require_before_deadline(
        place.round, Phase.RANKINGS, _("The ranking deadline has passed; rankings can no longer change.")
    )
    _bump_version(Place, place, "ranking_version", expected_version)
    eligible = set(
        Choice.objects.filter(
            place=place, application__nomination=Nomination.NOMINATED, application__confirmed_at__isnull=False
        ).values_list("application_id", flat=True)
    )
    strangers = set(ranks) - eligible
    if strangers:
        raise ValidationError(_("You can rank only confirmed nominees who ranked this place."))
    if any(rank is not None and rank < 1 for rank in ranks.values()):
        raise ValidationError(_("A rank is a whole number from 1."))
    CompanyRank.objects.filter(place=place, application_id__in=list(ranks)).delete()
    CompanyRank.objects.bulk_create(
        CompanyRank(place=place, application_id=app_id, rank=rank) for app_id, rank in ranks.items() if rank
    )
