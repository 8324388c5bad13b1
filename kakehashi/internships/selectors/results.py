"""Reads of published results: the placements the viewer may see, one placement by id, the accepted
placements the operations app opens cases from, the round's published runs, and a student's explanation
from the run that decided their result."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from kakehashi.core.permissions import Viewer
from kakehashi.internships import rules
from kakehashi.internships.models import (
    Application,
    MatchingRun,
    Place,
    Placement,
    PlacementStatus,
    Round,
    RunAssignment,
    RunKind,
)


def placements_visible_to(viewer: Viewer, round_: Round) -> QuerySet[Placement]:
    """The student's own placements, a company's placements on its places, all for the office."""
    # Not the run: its stored input and result are large, and this list needs neither.
    # Ordered by place, along an index (round, place, id): the office's pages of 100,000 placements are
    # read from it without sorting them all.
    placements = (
        Placement.objects.filter(round=round_)
        .select_related("place__company", "application__college")
        .order_by("place_id", "pk")
    )
    if rules.can_manage_round(viewer, round_):
        return placements
    # By ids of the round's own applications and places, not across joins: the page's count then reads
    # the round's placements alone.
    return placements.filter(
        Q(application_id__in=Application.objects.filter(round=round_, student=viewer.user).values("pk"))
        | Q(
            place_id__in=Place.objects.filter(round=round_, company_id__in=rules.company_ids(viewer)).values(
                "pk"
            )
        )
    )


def placement_for(viewer: Viewer, placement_id: int) -> Placement:
    placement = Placement.objects.select_related("round").filter(pk=placement_id).first()
    if placement is None or not rules.can_see_round(viewer, placement.round):
        raise Http404
    try:
        return placements_visible_to(viewer, placement.round).get(pk=placement_id)
    except Placement.DoesNotExist:
        raise Http404 from None


def accepted_placements(round_: Round) -> QuerySet[Placement]:
    """Placements both sides accepted: the operations app opens one case per intern from these."""
    return Placement.objects.filter(round=round_, status=PlacementStatus.ACCEPTED).select_related(
        "application__student", "application__college", "place__company"
    )


def published_runs(round_: Round) -> dict[str, MatchingRun]:
    """The round's published runs by kind, without their input, result, digest and check."""
    runs = MatchingRun.objects.filter(round=round_, published_at__isnull=False).only(
        "pk", "round_id", "kind", "published_at"
    )
    return {run.kind: run for run in runs}


def _explanation_in(run: MatchingRun, application: Application) -> Any:
    """One student's explanation: their row of the run (None if they took no part in it)."""
    return (
        RunAssignment.objects.filter(run=run, application=application)
        .values_list("explanation", flat=True)
        .first()
    )


def student_explanation(round_: Round, application: Application) -> tuple[bool, Any]:
    """(whether any run is published, the student's explanation from the run that decided their result)."""
    published = published_runs(round_)
    if not published:
        return False, None
    second = published.get(RunKind.SECOND)
    if second is not None:
        found = _explanation_in(second, application)
        if found is not None:
            return True, found
    first = published.get(RunKind.FIRST)
    return True, _explanation_in(first, application) if first is not None else None
