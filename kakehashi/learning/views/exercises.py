"""Programming exercises: code submitted to the sandbox, and a run's result (polled with HTMX)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.core import idempotency
from kakehashi.core.i18n import localized
from kakehashi.core.permissions import viewer_for
from kakehashi.learning import rules, selectors, services
from kakehashi.learning.content import render_markdown
from kakehashi.learning.views._common import _errors


@login_required
def exercise_detail(request: HttpRequest, exercise_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    exercise = selectors.exercise_for(viewer, exercise_id)
    runs = selectors.runs_of(viewer, exercise)
    code = runs[0].code if runs else exercise.starter_code
    if request.method == "POST":
        code = request.POST.get("code", "")
        try:
            run = services.exercise_submit(
                viewer=viewer,
                exercise=exercise,
                code=code,
                idempotency_key=request.POST.get(idempotency.FIELD, ""),
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Your code was submitted; it is graded in the sandbox."))
            return redirect("learning:run_detail", run.pk)
    return render(
        request,
        "learning/exercise_detail.html",
        {
            "exercise": exercise,
            "prompt": render_markdown(localized(exercise, "prompt")),
            "runs": runs,
            "code": code,
            "can_write": rules.can_write_courses(viewer),
            "idempotency_key": idempotency.new_key(),
        },
    )


@login_required
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    run = selectors.run_for(viewer, run_id)
    template = "learning/run_detail.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#result"
    return render(request, template, {"run": run, "exercise": run.exercise})
