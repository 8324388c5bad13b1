"""The class schedule: classes scheduled, edited and cancelled in a cohort (a new class starts in the
scheduler's time zone: Tokyo for Japanese speakers, Ulaanbaatar otherwise), the viewer's schedule page,
its .ics download, and the private calendar feed a calendar app subscribes to with a token."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kakehashi.core.pagination import paginate
from kakehashi.core.permissions import Viewer, viewer_for
from kakehashi.learning import documents, selectors, services
from kakehashi.learning.forms import ClassSessionForm
from kakehashi.learning.models import ClassSession, Cohort

TIME_ZONE_OF_LANGUAGE = {"mn": "Asia/Ulaanbaatar", "ja": "Asia/Tokyo"}


@login_required
def session_create(request: HttpRequest, cohort_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    cohort = selectors.cohort_for_scheduling(viewer, cohort_id)
    language = viewer.user.preferred_language
    session = ClassSession(cohort=cohort, time_zone=TIME_ZONE_OF_LANGUAGE.get(language, "Asia/Ulaanbaatar"))
    return _session_form(request, viewer, cohort, session)


@login_required
def session_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    session = selectors.session_for_scheduling(viewer, session_id)
    return _session_form(request, viewer, session.cohort, session)


def _session_form(
    request: HttpRequest, viewer: Viewer, cohort: Cohort, session: ClassSession
) -> HttpResponse:
    form = ClassSessionForm(request.POST or None, instance=session, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            services.class_session_save(viewer=viewer, session=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The class was saved."))
            return redirect(cohort)
    title = _("Edit the class") if session.pk else _("Schedule a class")
    return render(request, "learning/form.html", {"form": form, "title": title})


@login_required
def session_delete(request: HttpRequest, session_id: int) -> HttpResponse:
    viewer = viewer_for(request)
    session = selectors.session_for_scheduling(viewer, session_id)
    if request.method == "POST":
        services.class_session_delete(viewer=viewer, session=session)
        messages.success(request, _("The class was cancelled and removed from the schedule."))
        return redirect(session.cohort)
    return render(request, "learning/session_delete.html", {"session": session, "cohort": session.cohort})


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    sessions = selectors.sessions_for(viewer)
    feed = selectors.calendar_feed_of(viewer)
    feed_url = request.build_absolute_uri(feed.get_absolute_url()) if feed is not None else ""
    return render(
        request, "learning/schedule.html", {"page": paginate(request, sessions), "feed_url": feed_url}
    )


@login_required
@require_POST
def schedule_feed_regenerate(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    services.calendar_feed_regenerate(viewer=viewer)
    messages.success(request, _("Your calendar has a new subscription link; the old link no longer works."))
    return redirect("learning:schedule")


def _ics_response(sessions: list[ClassSession]) -> HttpResponse:
    response = HttpResponse(documents.schedule_ics(sessions), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kakehashi-classes.ics"'
    return response


@login_required
def schedule_ics(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request)
    return _ics_response(list(selectors.sessions_for(viewer)))


def schedule_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Public: calendar apps subscribe without a session. The token in the URL is the only credential; a
    wrong one answers 404, and so does a person who may no longer see a schedule."""
    viewer = selectors.viewer_for_feed(token)
    try:
        sessions = list(selectors.sessions_for(viewer))
    except PermissionDenied:
        raise Http404 from None
    response = _ics_response(sessions)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
