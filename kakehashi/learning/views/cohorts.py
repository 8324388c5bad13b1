"""Cohorts: the list, a cohort's page, a cohort created or edited, and members found, added and
removed."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kakehashi.accounts.models import User, by_name
from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import Viewer, require, viewer_for
from kakehashi.core.query_params import id_param
from kakehashi.learning import rules, selectors, services
from kakehashi.learning.forms import CohortForm
from kakehashi.learning.models import Cohort, CohortRole, Status
from kakehashi.learning.views._common import _errors


@login_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    search = request.GET.get("q", "").strip()
    cohorts = selectors.cohorts_visible_to(viewer)
    if search:
        cohorts = selectors.cohorts_matching(cohorts, search)
    page = paginate(request, cohorts)
    return render(
        request,
        "learning/cohort_list.html",
        {
            "page": page,
            "search": search,
            "can_manage": rules.can_manage_cohorts(viewer),
            # The cohorts whose students' progress the viewer follows (a link on each).
            "followed": set(selectors.cohorts_followed_by(viewer).values_list("pk", flat=True))
            if rules.can_follow_some_learners(viewer)
            else set(),
        },
    )


@login_required
def cohort_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    require(rules.can_manage_cohorts(viewer))
    return _cohort_form(request, viewer, Cohort())


@login_required
def cohort_edit(request: HttpRequest, cohort_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    cohort = selectors.cohort_for_managing(viewer, cohort_id)
    return _cohort_form(request, viewer, cohort)


def _cohort_form(request: HttpRequest, viewer: Viewer, cohort: Cohort) -> HttpResponse:
    form = CohortForm(
        request.POST or None,
        instance=cohort,
        colleges=selectors.colleges_for_cohorts(viewer),
        courses=selectors.courses_visible_to(viewer),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.cohort_save(
                viewer=viewer, cohort=form.save(commit=False), courses=list(form.cleaned_data["courses"])
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The cohort was saved."))
            return redirect(saved)
    title = _("Edit the cohort") if cohort.pk else _("New cohort")
    return render(request, "learning/form.html", {"form": form, "title": title})


@login_required
def cohort_members(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """Find people of the right organization and add them as learners or teachers."""
    viewer = viewer_for(request)
    cohort = selectors.cohort_for_managing(viewer, cohort_id)
    role = request.POST.get("role") or request.GET.get("role") or CohortRole.LEARNER
    if role not in CohortRole.values:
        role = CohortRole.LEARNER
    if request.method == "POST":
        user_id = id_param(request.POST, "user")
        user = User.objects.filter(pk=user_id).first() if user_id else None
        if user is None:
            messages.error(request, _("Choose a person from the list."))
        else:
            try:
                services.cohort_member_add(viewer=viewer, cohort=cohort, user=user, role=role)
            except ValidationError as error:
                messages.error(request, _errors(error))
            else:
                messages.success(
                    request, _("%(name)s was added to the cohort.") % {"name": user.display_name}
                )
        return redirect(f"{request.path}?{urlencode({'role': role, 'q': request.POST.get('q', '')})}")
    search = request.GET.get("q", "").strip()[:100]
    show_email = viewer.is_program_office
    candidates = selectors.member_candidates(cohort, role, search, by_email=show_email)
    page = paginate(request, candidates, per_page=20)
    context = {
        "show_email": show_email,
        "cohort": cohort,
        "page": page,
        "search": search,
        "role": role,
        "roles": CohortRole.choices,
    }
    template = "learning/cohort_members.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


@login_required
def cohort_member_remove(request: HttpRequest, member_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    member = selectors.cohort_member_for_managing(viewer, member_id)
    if request.method == "POST":
        services.cohort_member_remove(viewer=viewer, member=member)
        messages.success(
            request, _("%(name)s was removed from the cohort.") % {"name": member.user.display_name}
        )
        return redirect(member.cohort)
    return render(request, "learning/cohort_member_remove.html", {"member": member, "cohort": member.cohort})


@login_required
def cohort_detail(request: HttpRequest, cohort_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    cohort = selectors.cohort_for(viewer, cohort_id)
    members = cohort.members.select_related("user").order_by("role", *by_name(prefix="user__"))
    return render(
        request,
        "learning/cohort_detail.html",
        {
            "cohort": cohort,
            "members": members,
            "courses": cohort.courses.filter(status=Status.PUBLISHED),
            "sessions": cohort.sessions.all(),
            "can_see_gradebook": rules.can_follow_learners(
                viewer, teaches_cohort=selectors.teaches(viewer, cohort)
            ),
            "can_manage": rules.can_manage_cohorts(viewer),
            "can_schedule": selectors.can_schedule_in(viewer, cohort),
        },
    )
