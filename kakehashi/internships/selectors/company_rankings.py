"""Reads for a company ranking the applicants of its place: the confirmed nominees who ranked it, with
the company's rank and their own position of the place, and after publication those it ranked but who
were not placed there."""

from django.db.models import OuterRef, Q, QuerySet, Subquery

from kakehashi.core.permissions import Viewer
from kakehashi.internships.models import (
    Application,
    Choice,
    CompanyRank,
    MatchingRun,
    Nomination,
    Place,
    applications_by_name,
)
from kakehashi.internships.selectors.places import own_place_for


def candidates_for(viewer: Viewer, place: Place) -> list[tuple[Application, int | None, int]]:
    """(applicant, the company's rank or None, the applicant's position of this place) for every confirmed
    nominee who ranked the place: three queries whatever their number."""
    own_place_for(viewer, place.pk)
    choices = (
        Choice.objects.filter(
            place=place, application__nomination=Nomination.NOMINATED, application__confirmed_at__isnull=False
        )
        .select_related("application__college")
        .order_by(*applications_by_name(prefix="application__"))
    )
    ranks = dict(CompanyRank.objects.filter(place=place).values_list("application_id", "rank"))
    return [(c.application, ranks.get(c.application_id), c.position) for c in choices]


def not_placed_for(viewer: Viewer, place: Place, *, search: str = "") -> QuerySet[CompanyRank]:
    """After publication, the confirmed nominees the company ranked for its place who were not placed
    there, with the company's rank and (annotated `position`) where they put the place in their own
    ranking. Nothing about other companies: not where, or whether, they were placed elsewhere."""
    own_place_for(viewer, place.pk)
    if not MatchingRun.objects.filter(round_id=place.round_id, published_at__isnull=False).exists():
        return CompanyRank.objects.none()
    position = Choice.objects.filter(place_id=place.pk, application_id=OuterRef("application_id")).values(
        "position"
    )[:1]
    ranks = (
        CompanyRank.objects.filter(
            place=place,
            application__nomination=Nomination.NOMINATED,
            application__confirmed_at__isnull=False,
        )
        .exclude(application__placements__place=place)
        .select_related("application__college")
        .annotate(position=Subquery(position))
        .order_by("rank", *applications_by_name(prefix="application__"))
    )
    if search:
        ranks = ranks.filter(
            Q(application__name_latin__icontains=search) | Q(application__name_cyrillic__icontains=search)
        )
    return ranks
