"""Reads of rounds: the rounds of the viewer's program, one round by id (404 outside it), and the
counts of a round's applications, places and placements that its overview shows to the office."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from kakehashi.core.permissions import Viewer
from kakehashi.internships.models import (
    Application,
    Nomination,
    Place,
    Placement,
    PlacementStatus,
    PlaceStatus,
    Round,
)


def rounds_visible_to(viewer: Viewer) -> QuerySet[Round]:
    if viewer.program is None:
        return Round.objects.none()
    return Round.objects.filter(program=viewer.program).select_related("program")


def round_for(viewer: Viewer, round_id: int) -> Round:
    try:
        return rounds_visible_to(viewer).get(pk=round_id)
    except Round.DoesNotExist:
        raise Http404 from None


def application_counts(round_: Round) -> dict[str, int]:
    counts = Application.objects.filter(round=round_).aggregate(
        total=Count("pk"),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
        nominated=Count("pk", filter=Q(nomination=Nomination.NOMINATED)),
        confirmed=Count("pk", filter=Q(nomination=Nomination.NOMINATED, confirmed_at__isnull=False)),
    )
    places = Place.objects.filter(round=round_).aggregate(
        places=Count("pk"), approved=Count("pk", filter=Q(status=PlaceStatus.APPROVED))
    )
    placements = Placement.objects.filter(round=round_).aggregate(
        placed=Count("pk", filter=~Q(status=PlacementStatus.DECLINED)),
        accepted=Count("pk", filter=Q(status=PlacementStatus.ACCEPTED)),
    )
    return {**counts, **places, **placements}
