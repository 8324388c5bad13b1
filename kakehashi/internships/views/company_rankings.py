"""Company ranking views: a company ranks the confirmed nominees who ranked its place, and, after
publication, sees those it ranked who were not placed there."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import viewer_for
from kakehashi.internships import interview_moves, rules, selectors, services
from kakehashi.internships.views._common import _errors, _version


@login_required
def place_ranking(request: HttpRequest, place_id: int) -> HttpResponse:
    """The company ranks the confirmed nominees who ranked its place; equal numbers are ties."""
    viewer = viewer_for(request)
    place = selectors.own_place_for(viewer, place_id)
    if request.method == "POST":
        ranks: dict[int, int | None] = {}
        for key in request.POST:
            value = request.POST.get(key, "")
            if key.startswith("rank-"):
                try:
                    ranks[int(key[5:])] = int(value) if value.strip() else None
                except ValueError:
                    messages.error(request, _("A rank is a whole number from 1."))
                    return redirect("internships:place_ranking", place_id=place.pk)
        try:
            services.company_ranking_save(
                viewer=viewer, place=place, ranks=ranks, expected_version=_version(request)
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Your ranking was saved."))
        return redirect("internships:place_ranking", place_id=place.pk)
    candidates = selectors.candidates_for(viewer, place)
    selectors.with_verified_japanese((row[0] for row in candidates), minimum=place.japanese_level)
    # Ranked first by rank, then the rest; equal ranks in the page language's name order (the selector's).
    candidates.sort(key=lambda row: (row[1] is None, row[1] or 0))
    # The interviewers' scorecards beside each applicant (one query for the whole page).
    scorecards = interview_moves.scorecards_for(viewer, place)
    rows = [(a, rank, position, scorecards.get(a.pk, [])) for a, rank, position in candidates]
    return render(
        request,
        "internships/place_ranking.html",
        {"place": place, "candidates": rows, "can_rank": rules.can_rank_applicants(viewer, place)},
    )


@login_required
def place_not_placed(request: HttpRequest, place_id: int) -> HttpResponse:
    """After publication: the applicants the company ranked for its place who were not placed there."""
    viewer = viewer_for(request)
    place = selectors.own_place_for(viewer, place_id)
    search = request.GET.get("q", "").strip()
    page = paginate(request, selectors.not_placed_for(viewer, place, search=search))
    template = "internships/place_not_placed.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(
        request,
        template,
        {
            "place": place,
            "page": page,
            "search": search,
            "published": bool(selectors.published_runs(place.round)),
        },
    )
