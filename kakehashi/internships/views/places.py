"""Place views: a round's places (searchable), a company writing or correcting its place, a place's
page, and the program office's review of it."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import require, viewer_for
from kakehashi.internships import rules, selectors, services
from kakehashi.internships.forms import PlaceForm, ReviewForm
from kakehashi.internships.models import Phase, Place, PlaceStatus


@login_required
def place_list(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    search = request.GET.get("q", "").strip()
    # The status filter is for the office and the companies; students see approved places only.
    by_status = rules.sees_places_of_every_status(viewer, round_)
    status = request.GET.get("status", "") if by_status else ""
    page = paginate(request, selectors.places_in_list_order(viewer, round_, search=search, status=status))
    template = "internships/place_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(
        request,
        template,
        {
            "round": round_,
            "page": page,
            "search": search,
            "status": status,
            "statuses": PlaceStatus.choices,
            "by_status": by_status,
            "can_write": bool(rules.company_ids(viewer)) and round_.phase == Phase.PLACES,
        },
    )


@login_required
def place_create(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    companies = sorted(rules.company_ids(viewer))
    require(bool(companies), _("Only host companies offer internship places."))
    from kakehashi.accounts.models import Organization

    place = Place(round=round_, company=Organization.objects.get(pk=companies[0]))
    return _place_form(request, viewer, place)


@login_required
def place_edit(request: HttpRequest, place_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    place = selectors.place_for(viewer, place_id)
    require(rules.can_edit_place(viewer, place))
    return _place_form(request, viewer, place)


def _place_form(request: HttpRequest, viewer: Any, place: Place) -> HttpResponse:
    form = PlaceForm(request.POST or None, instance=place)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.place_save(viewer=viewer, place=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The place was sent to the program office for review."))
            return redirect(saved)
    return render(
        request, "internships/place_form.html", {"form": form, "place": place, "round": place.round}
    )


@login_required
def place_detail(request: HttpRequest, place_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    place = selectors.place_for(viewer, place_id)
    return render(
        request,
        "internships/place_detail.html",
        {
            "place": place,
            "can_edit": rules.can_edit_place(viewer, place),
            "can_review": rules.can_review_place(viewer, place),
            "is_owner": place.company_id in rules.company_ids(viewer),
        },
    )


@login_required
def place_review(request: HttpRequest, place_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    place = selectors.place_for(viewer, place_id)
    require(rules.can_review_place(viewer, place))
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.place_review(
                viewer=viewer,
                place=place,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The review was saved and the company was told."))
            return redirect(place)
    return render(request, "internships/place_review.html", {"form": form, "place": place})
