"""Matching run views: a round's runs and starting one, a run's page (polled while it runs), its
stored input, checking and publishing it, and comparing two runs."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.core.permissions import require, viewer_for
from kakehashi.core.query_params import id_param
from kakehashi.internships import rules, selectors, services
from kakehashi.internships.forms import RunForm
from kakehashi.internships.models import RunStatus
from kakehashi.internships.views._common import _errors


@login_required
def run_list(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    require(rules.can_manage_round(viewer, round_))
    form = RunForm(request.POST or None, colleges=selectors.colleges_of_nominees(round_))
    if request.method == "POST" and form.is_valid():
        try:
            run = services.run_create(viewer=viewer, round_=round_, **form.parameters())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The matching run was started."))
            return redirect(run)
    return render(
        request,
        "internships/run_list.html",
        {
            "round": round_,
            "runs": selectors.runs_of(viewer, round_),
            "form": form,
            "can_run": rules.can_run_matching(viewer, round_),
        },
    )


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    run = selectors.run_for(viewer, run_id, light=True)
    context: dict[str, Any] = {"run": run, "round": run.round}
    if request.htmx and run.is_busy:  # type: ignore[attr-defined]
        return render(request, "internships/run_detail.html#status", context)
    context["college_caps"] = selectors.run_college_caps(run)
    if run.status == RunStatus.DONE and not request.htmx:  # type: ignore[attr-defined]
        # Only actions the server would accept are offered; otherwise the page says why not.
        context["publication_refusal"] = selectors.publication_refusal(run)
        digest = selectors.run_digest(run)
        context["stats"] = selectors.run_statistics(run, digest)
        context["page"] = selectors.run_row_page(request, run, digest)
        context["problems"] = digest["violations"] + [
            _("%(student)s and %(place)s block this assignment.") % pair for pair in digest["blocking_pairs"]
        ]
        shown = len(digest["violations"]) + len(digest["blocking_pairs"])
        context["more_problems"] = max(0, digest.get("problem_count", shown) - shown)
    if request.htmx:  # type: ignore[attr-defined]
        response = HttpResponse()
        response["HX-Refresh"] = "true"
        return response
    return render(request, "internships/run_detail.html", context)


@login_required
def run_input(request: HttpRequest, run_id: int) -> HttpResponse:
    """The stored input, to reproduce the run with `python -m kakehashi.matching solve`."""
    viewer = viewer_for(request)
    run = selectors.run_for(viewer, run_id, light=True)
    response = JsonResponse(selectors.run_input(run), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="run-{run.pk}-input.json"'
    return response


@login_required
@require_POST
def run_check(request: HttpRequest, run_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    run = selectors.run_for(viewer, run_id, light=True)
    try:
        services.run_check_request(viewer=viewer, run=run)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The check has started; this page shows its result when it is done."))
    return redirect(run)


@login_required
def run_publish(request: HttpRequest, run_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    run = selectors.run_for(viewer, run_id, light=True)
    if request.method == "POST":
        try:
            services.run_publish(viewer=viewer, run=run)
        except ValidationError as error:
            _errors(request, error)
            return redirect(run)
        messages.success(
            request, _("The publication has started; this page shows its progress until it is done.")
        )
        return redirect(run)
    context = {"run": run, "round": run.round, "refusal": selectors.publication_refusal(run)}
    return render(request, "internships/run_publish.html", context)


@login_required
def run_compare(request: HttpRequest, round_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    round_ = selectors.round_for(viewer, round_id)
    require(rules.can_manage_round(viewer, round_))
    runs = list(selectors.runs_of(viewer, round_).filter(status=RunStatus.DONE))
    chosen = []
    for key in ("a", "b"):
        wanted = id_param(request.GET, key)
        chosen.append(next((r for r in runs if r.pk == wanted), None))
    first, second = chosen
    context: dict[str, Any] = {"round": round_, "runs": runs, "first": first, "second": second}
    if first and second:
        first = selectors.run_for(viewer, first.pk, light=True)
        second = selectors.run_for(viewer, second.pk, light=True)
        context.update(
            first=first,
            second=second,
            comparison=selectors.compare_runs(first, second, request.GET),
            stats=[selectors.run_statistics(first), selectors.run_statistics(second)],
        )
    return render(request, "internships/run_compare.html", context)
