"""Screening views: the college's nomination decision on an application, and the NGO coordinator's
confirmation of it (both POST only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.core.permissions import require, viewer_for
from kakehashi.internships import rules, selectors, services
from kakehashi.internships.forms import NominationForm
from kakehashi.internships.views._common import _errors


@login_required
@require_POST
def application_nominate(request: HttpRequest, application_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    application = selectors.application_for(viewer, application_id)
    form = NominationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a decision and give a reason."))
        require(rules.can_nominate(viewer, application))
        return redirect(application)
    try:
        services.nomination_decide(
            viewer=viewer,
            application=application,
            nominate=form.cleaned_data["decision"] == "nominate",
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("The decision was saved and the student was told."))
    return redirect(application)


@login_required
@require_POST
def application_confirm(request: HttpRequest, application_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    application = selectors.application_for(viewer, application_id)
    services.nomination_confirm(viewer=viewer, application=application)
    messages.success(request, _("The decision was confirmed."))
    return redirect(application)
