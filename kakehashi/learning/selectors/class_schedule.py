"""The class schedule: the cohorts and classes a viewer may schedule, the classes of the viewer's
cohorts, and the private calendar feed that shows those classes to a calendar app."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from kakehashi.core.permissions import Viewer, build_viewer, require
from kakehashi.learning import rules
from kakehashi.learning.models import CalendarFeed, ClassSession, Cohort
from kakehashi.learning.selectors.cohorts import cohort_for, cohorts_visible_to, teaches


def cohort_for_scheduling(viewer: Viewer, cohort_id: int) -> Cohort:
    cohort = cohort_for(viewer, cohort_id)
    require(can_schedule_in(viewer, cohort))
    return cohort


def can_schedule_in(viewer: Viewer, cohort: Cohort) -> bool:
    return rules.can_schedule_classes(
        viewer, teaches_cohort=rules.is_teacher(viewer) and teaches(viewer, cohort)
    )


def session_for_scheduling(viewer: Viewer, session_id: int) -> ClassSession:
    session = ClassSession.objects.select_related("cohort").filter(pk=session_id).first()
    if session is None:
        raise Http404
    cohort_for_scheduling(viewer, session.cohort_id)
    return session


def sessions_for(viewer: Viewer) -> QuerySet[ClassSession]:
    """The classes of the viewer's cohorts: the schedule page and the calendar feed show exactly these."""
    cohorts = cohorts_visible_to(viewer)
    return (
        ClassSession.objects.filter(cohort__in=cohorts)
        .select_related("cohort", "course")
        .order_by("starts_at")
    )


def calendar_feed_of(viewer: Viewer) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=viewer.user).first()


def viewer_for_feed(token: str) -> Viewer:
    """The person whose feed this token opens, as they see their schedule; a wrong token: 404."""
    if not token or len(token) > 128:
        raise Http404
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=CalendarFeed.hash_token(token), user__is_active=True)
        .first()
    )
    if feed is None:
        raise Http404
    return build_viewer(feed.user, feed.program_id)
