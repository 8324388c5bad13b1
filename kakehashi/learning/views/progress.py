"""Progress: a learner's dashboard, and a cohort's gradebook on the page and as a spreadsheet."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kakehashi.core.permissions import viewer_for
from kakehashi.learning import documents, selectors


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
    return render(request, "learning/gradebook.html", {"book": selectors.gradebook(cohort)})


@login_required
def gradebook_export(request: HttpRequest, cohort_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    cohort = selectors.gradebook_cohort_for(viewer, cohort_id)
    data = documents.gradebook_xlsx(selectors.gradebook(cohort))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="gradebook-{cohort.key}.xlsx"'
    return response
