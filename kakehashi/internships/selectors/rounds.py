"""Reads of rounds: the rounds of the viewer's program, those under way (kept for the homes), one round
by id (404 outside it), and the counts of a round's applications, places and placements that its overview
shows to the office."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from kakehashi.core import cached_figures
from kakehashi.core.permissions import Viewer
from kakehashi.internships.models import (
    Application,
    Nomination,
    Phase,
    Place,
    Placement,
    PlacementStatus,
    PlaceStatus,
    Round,
)

ROUNDS = "rounds"  # the cached_figures kind of the rounds under way
# The phases in which a round asks something of someone.
LIVE_PHASES = tuple(p for p in Phase.values if p not in (Phase.DRAFT, Phase.CLOSED))


def rounds_visible_to(viewer: Viewer) -> QuerySet[Round]:
    if viewer.program is None:
        return Round.objects.none()
    return Round.objects.filter(program=viewer.program).select_related("program")


def rounds_changed(**_kwargs: object) -> None:
    """Forget the rounds under way (a signal receiver for rounds and their phase dates, and called after
    the phase dates' bulk insert, which sends no signal)."""
    cached_figures.changed(ROUNDS)


def rounds_under_way(viewer: Viewer) -> list[Round]:
    """The rounds of the viewer's program in a live phase, with the planned dates of their phases. Every
    home reads them (two queries), and they are the same for everyone of the program: kept until a round
    or a phase date is saved or deleted."""
    if viewer.program is None:
        return []
    return cached_figures.figure(
        ROUNDS,
        ("under-way", viewer.program.pk),
        lambda: list(rounds_visible_to(viewer).filter(phase__in=LIVE_PHASES).prefetch_related("phases")),
    )


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
