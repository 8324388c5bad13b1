from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.accounts import selectors as account_selectors
from kakehashi.accounts import services as account_services
from kakehashi.accounts.models import User
from kakehashi.accounts.roles import Role
from kakehashi.core import audit_display, next_steps, scheduling, times, today
from kakehashi.core import selectors as core_selectors
from kakehashi.core.language import remember_language
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import (
    can_manage_scheduled_jobs,
    can_view_audit_log,
    require,
    viewer_for,
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """ "Today" first: what the person has to do, grouped by area, each item linking to the action
    (kakehashi.core.today); then the program and the person's roles. A fixed number of queries."""
    viewer = viewer_for(request)
    organizations = {
        org.pk: org
        for org in account_selectors.organizations_visible_to(viewer).filter(pk__in=viewer.organization_ids)
    }
    role_labels = dict(Role.choices)
    my_roles = sorted(
        (
            (organizations[org_id], role_labels[role])
            for org_id, role in viewer.roles
            if org_id in organizations
        ),
        key=lambda pair: (str(pair[0].name), str(pair[1])),
    )
    groups = today.groups_for(viewer)
    return render(
        request,
        "core/home.html",
        {
            "my_roles": my_roles,
            "today_groups": groups,
            "today_count": sum(len(group.items) for group in groups),
            "today_date": timezone.localdate(),
            "areas": today.main_areas(viewer),
            "steps": next_steps.for_viewer(viewer),
        },
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the language of the pages; a signed-in person keeps it as their preference."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or reverse("core:home")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("core:home")
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        remember_language(response, language)
        if isinstance(request.user, User):
            account_services.preferred_language_set(user=request.user, language=language)
    return response


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(can_view_audit_log(viewer))
    model = request.GET.get("model", "")
    search = request.GET.get("q", "").strip()
    entries = core_selectors.audit_entries(viewer, model=model, search=search)
    page = paginate(request, entries, 50)
    return render(
        request,
        "core/audit_log.html",
        {
            "page": page,
            "rows": audit_display.rows(list(page.object_list), times.home_zone(viewer.user)),
            "models": core_selectors.audited_models(),
            "model": model,
            "search": search,
        },
    )


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    """The periodic jobs of every app: when each last ran, whether it succeeded, when it runs next."""
    require(can_manage_scheduled_jobs(viewer_for(request)))
    return render(request, "core/job_list.html", {"statuses": scheduling.job_statuses()})


@login_required
@require_POST
def job_run(request: HttpRequest, name: str) -> HttpResponse:
    require(can_manage_scheduled_jobs(viewer_for(request)))
    if name not in {job.name for job in scheduling.registered_jobs()}:
        raise Http404
    job = scheduling.run_now(name)
    messages.success(request, _("“%(job)s” will run in a moment.") % {"job": job.label})
    return redirect("core:job_list")


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics (kakehashi.core.metrics) for a scraper sending `Authorization: Bearer
    <METRICS_TOKEN>`. Without METRICS_TOKEN configured the page does not exist; a session, even an
    administrator's, is not enough."""
    import hmac

    from kakehashi.core import metrics as metrics_module

    expected = settings.METRICS_TOKEN
    if not expected:
        raise Http404
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        response = HttpResponse("Send Authorization: Bearer <METRICS_TOKEN>.\n", status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(metrics_module.render(), content_type=metrics_module.CONTENT_TYPE)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page: rendered without the database (it may be the cause) and without the context
    processors, with the request id a person can quote to the help desk."""
    from django.template import loader

    from kakehashi.core.logging import request_id_var

    request_id = getattr(request, "request_id", None) or request_id_var.get() or ""
    html = loader.get_template("500.html").render({"request_id": request_id})
    return HttpResponse(html, status=500)
