"""Network support requests from companies to telecoms: the filtered list, a request sent, its page
with comments, and its status changed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.companies import rules, selectors, services
from kakehashi.companies.forms import CommentForm, StatusForm, SupportRequestForm
from kakehashi.companies.models import SupportStatus
from kakehashi.companies.views._common import _htmx
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import require, viewer_for


@login_required
def support_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    status = request.GET.get("status", "")
    search = request.GET.get("q", "").strip()
    context = {
        "page": paginate(request, selectors.support_requests(viewer, status=status, search=search)),
        "status": status,
        "search": search,
        "statuses": SupportStatus.choices,
        "can_create": rules.can_create_support_request(viewer),
    }
    template = "companies/support_list.html"
    if _htmx(request):
        template += "#results"
    return render(request, template, context)


@login_required
def support_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_create_support_request(viewer))
    form = SupportRequestForm(request.POST or None, organizations=selectors.requester_organizations(viewer))
    if request.method == "POST" and form.is_valid():
        try:
            created = services.support_request_create(
                viewer=viewer,
                requester=form.cleaned_data["requester"],
                request=form.save(commit=False),
                idempotency_key=form.cleaned_data["idempotency_key"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your request was sent to %(telecom)s.") % {"telecom": created.telecom.name},
            )
            return redirect(created)
    return render(request, "companies/support_form.html", {"form": form})


@login_required
def support_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    """The request and its comments; POST adds a comment."""
    viewer = viewer_for(request)
    support = selectors.support_request_for(viewer, request_id)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_comment_add(viewer=viewer, request=support, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your comment was added."))
            return redirect(support)
    can_handle = rules.can_handle_support_request(viewer, support.telecom_id)
    can_close = rules.can_close_support_request(viewer, support.requester_id, support.telecom_id)
    statuses = [
        (value, label)
        for value, label in SupportStatus.choices
        if value != support.status and (can_handle or (can_close and value == SupportStatus.CLOSED))
    ]
    return render(
        request,
        "companies/support_detail.html",
        {
            "support": support,
            "comments": support.comments.select_related("author"),
            "form": form,
            "statuses": statuses if support.status != SupportStatus.CLOSED else [],
        },
    )


@login_required
@require_POST
def support_status(request: HttpRequest, request_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    support = selectors.support_request_for(viewer, request_id)
    form = StatusForm(request.POST)
    status_field = form.fields["status"]
    status_field.choices = SupportStatus.choices  # type: ignore[attr-defined]
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect(support)
    try:
        services.support_status_set(viewer=viewer, request=support, status=form.cleaned_data["status"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The status of the request was changed."))
    return redirect(support)
