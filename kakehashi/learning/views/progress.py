"""Progress: a learner's dashboard, and a cohort's gradebook on the page (a page of learners at a time)
and as a spreadsheet (streamed)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kakehashi.accounts.models import by_name
from kakehashi.core.exports import table_response
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import viewer_for
from kakehashi.learning import documents, selectors

# The platform's page size: a page of 25 learners x 40 graded items is 1,000 cells to read and draw.
LEARNERS_PER_PAGE = 25


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    progress = selectors.my_progress(viewer)
    return render(
        request,
        "learning/dashboard.html",
        {"progress": progress, "certificates": selectors.my_certificates(viewer)},
    )


@login_required
def gradebook(request: HttpRequest, cohort_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    cohort = selectors.gradebook_cohort_for(viewer, cohort_id)
    members = selectors.learner_members_by_name(viewer, cohort)
    page = paginate(request, members, LEARNERS_PER_PAGE, from_row=True)
    learners = [member.user for member in page.object_list]
    book = selectors.gradebook(cohort, learners, selectors.cohort_gradebook_columns(cohort))
    return render(request, "learning/gradebook.html", {"book": book, "page": page})


@login_required
def gradebook_export(request: HttpRequest, cohort_id: int, fmt: str = "xlsx") -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    viewer = viewer_for(request)
    cohort = selectors.gradebook_cohort_for(viewer, cohort_id)
    learners = selectors.learners_visible_to(viewer, cohort).order_by(*by_name())
    return table_response(  # type: ignore[no-any-return]
        documents.gradebook_table(cohort, learners),
        fmt=fmt,
        filename=f"gradebook-{cohort.key}",
        sheet_title=_("Gradebook"),
    )
