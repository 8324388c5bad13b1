"""The student's ranking view: add, move, remove places and submit, as a page or an HTMX fragment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.core.i18n import localized
from kakehashi.core.permissions import require, viewer_for
from kakehashi.core.query_params import MAX_ID, id_param, parse_int
from kakehashi.internships import rules, selectors, services
from kakehashi.internships.models import Choice, Place
from kakehashi.internships.views._common import _errors, _version


@login_required
def my_ranking(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    application = selectors.my_application(viewer, round_)
    if application is None:
        require(rules.can_apply(viewer, round_), _("Only students of a partner college can apply."))
        messages.info(request, _("Write your application first; then rank the places."))
        return redirect("internships:application_edit", round_id=round_.pk)
    saved = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        place_id = id_param(request.POST, "place") or 0
        version = _version(request)
        try:
            if action == "add":
                place = Place.objects.filter(pk=place_id).first()
                if place is None:
                    raise Http404
                services.ranking_add(
                    viewer=viewer, application=application, place=place, expected_version=version
                )
                saved = "added"
            elif action in ("up", "down"):
                services.ranking_move(
                    viewer=viewer,
                    application=application,
                    place_id=place_id,
                    direction=action,
                    expected_version=version,
                )
                saved = "moved"
            elif action == "place_at":  # a drag and drop
                services.ranking_place_at(
                    viewer=viewer,
                    application=application,
                    place_id=place_id,
                    position=parse_int(request.POST.get("position", ""), minimum=1, maximum=MAX_ID) or 1,
                    expected_version=version,
                )
                saved = "moved"
            elif action == "remove":
                services.ranking_remove(
                    viewer=viewer, application=application, place_id=place_id, expected_version=version
                )
                saved = "removed"
            elif action == "submit":
                services.application_submit(viewer=viewer, application=application)
                messages.success(request, _("Your application was submitted."))
        except ValidationError as error:
            _errors(request, error)
            saved = ""
        if not request.htmx:  # type: ignore[attr-defined]
            if saved:
                messages.success(request, _("Your ranking was saved."))
            return redirect("internships:my_ranking", round_id=round_.pk)
    ranking = selectors.ranking_of(application)
    if saved:
        saved = _saved_notice(saved, ranking, place_id)
    search = request.GET.get("q", "")
    available = selectors.places_to_rank(application, ranking, search=search)
    template = "internships/my_ranking.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#ranking"
    return render(
        request,
        template,
        {
            "round": round_,
            "application": application,
            "ranking": ranking,
            "available": available[: selectors.PLACES_OFFERED],
            "more_places": len(available) > selectors.PLACES_OFFERED,
            "search": search,
            "can_change": rules.can_change_application(viewer, application),
            "saved": saved,
        },
    )


def _saved_notice(change: str, ranking: list[Choice], place_id: int) -> str:
    """What the polite live region says after a change: the place and its line now."""
    choice = next((c for c in ranking if c.place_id == place_id), None)
    if change == "removed" or choice is None:
        return _("Saved: the place was removed from your ranking.")
    values = {"title": localized(choice.place, "title"), "position": choice.position}
    if change == "added":
        return _("Saved: “%(title)s” was added as choice %(position)s.") % values
    return _("Saved: “%(title)s” is now choice %(position)s.") % values
