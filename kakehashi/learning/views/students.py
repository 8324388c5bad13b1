"""A teacher's view of her students: a cohort's learners with their completion and grades per course,
who is behind, sortable, paged and exportable."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kakehashi.core.exports import table_response
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import Viewer, require, viewer_for
from kakehashi.learning import documents, rules, selectors
from kakehashi.learning.models import Cohort

STUDENTS_PER_PAGE = 50


@login_required
def students(request: HttpRequest) -> HttpResponse:
    """The students of the first cohort the viewer follows (one click from the home page), with a switch to
    the others."""
    viewer = viewer_for(request)
    require(rules.can_follow_some_learners(viewer))
    cohorts = list(selectors.cohorts_followed_by(viewer))
    if not cohorts:
        return render(request, "learning/students.html", {"cohort": None, "cohorts": []})
    return _students_page(request, viewer, cohorts[0], cohorts)


@login_required
def cohort_students(request: HttpRequest, cohort_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    cohort = selectors.learners_cohort_for(viewer, cohort_id)
    return _students_page(request, viewer, cohort, list(selectors.cohorts_followed_by(viewer)))


def _students_page(
    request: HttpRequest, viewer: Viewer, cohort: Cohort, cohorts: list[Cohort]
) -> HttpResponse:
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    if sort not in selectors.SORTS:
        sort = selectors.DEFAULT_SORT
    courses = selectors.cohort_courses(cohort)
    keys = selectors.progress_keys(viewer, cohort, courses, with_done=selectors.needs_done(sort))
    page = paginate(request, selectors.sorted_keys(keys, sort), STUDENTS_PER_PAGE)
    return render(
        request,
        "learning/students.html",
        {
            "cohort": cohort,
            "cohorts": cohorts,
            "courses": courses,
            "page": page,
            "rows": selectors.learner_rows(selectors.learners_of(list(page.object_list)), courses),
            "behind": sum(1 for key in keys if key.overdue),
            "sort": sort,
        },
    )


@login_required
def cohort_students_export(request: HttpRequest, cohort_id: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    viewer = viewer_for(request)
    cohort = selectors.learners_cohort_for(viewer, cohort_id)
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    courses = selectors.cohort_courses(cohort)
    keys = selectors.progress_keys(viewer, cohort, courses, with_done=selectors.needs_done(sort))
    keys = selectors.sorted_keys(keys, sort)
    return table_response(  # type: ignore[no-any-return]
        documents.students_table(courses, keys),
        fmt=fmt,
        filename=f"students-{cohort.key}",
        sheet_title=_("Students"),
    )
