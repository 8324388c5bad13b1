"""Assignments and grading: work handed in with the rubric's feedback, a submission's file, the list
of submissions to grade, and a submission graded with the rubric."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.core.i18n import localized
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import viewer_for
from kakehashi.learning import rules, selectors, services
from kakehashi.learning.content import render_markdown
from kakehashi.learning.views._common import _errors


@login_required
def assignment_detail(request: HttpRequest, assignment_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    assignment = selectors.assignment_for(viewer, assignment_id)
    if request.method == "POST":
        try:
            services.assignment_submit(
                viewer=viewer,
                assignment=assignment,
                text=request.POST.get("text", ""),
                file=request.FILES.get("file"),
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("Your work was submitted."))
            return redirect(assignment)
    submissions = selectors.submissions_of(viewer, assignment)
    criteria = list(assignment.criteria.all())
    return render(
        request,
        "learning/assignment_detail.html",
        {
            "assignment": assignment,
            "brief": render_markdown(localized(assignment, "brief")),
            "submissions": submissions,
            "criteria": criteria,
            "feedback": _rubric_feedback(submissions[0], criteria) if submissions else [],
            "can_write": rules.can_write_courses(viewer),
        },
    )


def _rubric_feedback(submission: Any, criteria: list[Any]) -> list[dict[str, Any]]:
    rows = []
    for criterion in criteria:
        index = submission.rubric.get(str(criterion.pk))
        levels = criterion.level_choices()
        rows.append(
            {
                "criterion": criterion,
                "level": levels[index] if index is not None and index < len(levels) else None,
                "comment": submission.comments.get(str(criterion.pk), ""),
            }
        )
    return rows


@login_required
def submission_file(request: HttpRequest, submission_id: int) -> FileResponse:
    viewer = viewer_for(request)
    submission = selectors.submission_file_for(viewer, submission_id)
    if not submission.file:
        raise Http404
    return FileResponse(submission.file.open("rb"), as_attachment=True)


@login_required
def grading_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    page = paginate(request, selectors.submissions_to_grade(viewer))
    return render(request, "learning/grading_list.html", {"page": page})


@login_required
def submission_grade(request: HttpRequest, submission_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    submission = selectors.submission_for_grading(viewer, submission_id)
    criteria = list(submission.assignment.criteria.all())
    if request.method == "POST":
        levels: dict[int, int] = {}
        for criterion in criteria:
            raw = request.POST.get(f"level_{criterion.pk}", "")
            if raw.isdigit():
                levels[criterion.pk] = int(raw)
        comments = {c.pk: request.POST.get(f"comment_{c.pk}", "") for c in criteria}
        try:
            services.submission_grade(
                viewer=viewer,
                submission=submission,
                levels=levels,
                comments=comments,
                comment=request.POST.get("comment", ""),
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(request, _("The grade was saved."))
            return redirect("learning:grading_list")
    rows = [
        {
            "criterion": c,
            "levels": c.level_choices(),
            "chosen": submission.rubric.get(str(c.pk)),
            "comment": submission.comments.get(str(c.pk), ""),
        }
        for c in criteria
    ]
    return render(request, "learning/submission_grade.html", {"submission": submission, "rows": rows})
