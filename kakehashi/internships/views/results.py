"""Result views: each person's result with its explanation (and the company's and office's lists),
and the answer to a placement."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import viewer_for
from kakehashi.internships import rules, selectors, services
from kakehashi.internships.explain import student_lines
from kakehashi.internships.views._common import _errors


@login_required
def result(request: HttpRequest, round_id: int) -> HttpResponse:
    """Each person's result with its explanation; the company's and the office's lists."""
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    page = paginate(request, selectors.placements_visible_to(viewer, round_), per_page=100)
    context: dict[str, Any] = {"round": round_, "page": page, "placements": page.object_list}
    application = selectors.my_application(viewer, round_)
    published = bool(selectors.published_runs(round_))
    if application is not None and published:
        _published, explanation = selectors.student_explanation(round_, application)
        context["explanation"] = student_lines(explanation, selectors.place_names(round_, explanation))
    context["published"] = bool(published)
    context["viewer_id"] = viewer.user.pk
    context["company_ids"] = rules.company_ids(viewer)
    return render(request, "internships/result.html", context)


@login_required
@require_POST
def placement_answer(request: HttpRequest, placement_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    placement = selectors.placement_for(viewer, placement_id)
    accept = request.POST.get("answer") == "accept"
    try:
        services.placement_answer(viewer=viewer, placement=placement, accept=accept)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Your answer was recorded."))
    return redirect("internships:result", round_id=placement.round_id)
