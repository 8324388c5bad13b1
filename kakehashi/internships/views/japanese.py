"""Japanese test results: the student's page to record one, and the office's queue to verify them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import require, viewer_for
from kakehashi.internships import rules, selectors, services
from kakehashi.internships.forms import JapaneseResultForm, JapaneseReviewForm
from kakehashi.privacy.uploads import serve_upload


@login_required
def my_japanese(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_submit_japanese(viewer), _("Only students of a partner college record test results."))
    form = JapaneseResultForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.japanese_result_submit(viewer=viewer, data=data, certificate=data.pop("certificate"))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your result was sent. The program office will verify it."))
            return redirect("internships:my_japanese")
    return render(
        request,
        "internships/my_japanese.html",
        {"form": form, "results": selectors.my_japanese_results(viewer)},
    )


@login_required
def japanese_review_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    page = paginate(request, selectors.japanese_results_to_verify(viewer))
    return render(
        request, "internships/japanese_review_list.html", {"page": page, "form": JapaneseReviewForm()}
    )


@login_required
@require_POST
def japanese_review(request: HttpRequest, result_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    result = selectors.japanese_result_for(viewer, result_id)
    form = JapaneseReviewForm(request.POST)
    note = form.cleaned_data["review_note"] if form.is_valid() else ""
    try:
        services.japanese_result_review(
            viewer=viewer, result=result, verified=request.POST.get("decision") == "verify", note=note
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The result was reviewed."))
    return redirect("internships:japanese_review_list")


@login_required
def japanese_certificate(request: HttpRequest, result_id: int) -> FileResponse:
    viewer = viewer_for(request)
    result = selectors.japanese_result_for(viewer, result_id)
    return serve_upload(result.certificate, filename=f"japanese-{result.test}-{result.level}")
