"""The class schedule: a class session saved or cancelled in a cohort, and the viewer's private
calendar feed regenerated."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer, require
from kakehashi.learning import rules, selectors
from kakehashi.learning.models import (
    CalendarFeed,
    ClassSession,
)


@transaction.atomic
def class_session_save(*, viewer: Viewer, session: ClassSession) -> ClassSession:
    require(selectors.can_schedule_in(viewer, session.cohort))
    if session.ends_at <= session.starts_at:
        raise ValidationError(_("The class must end after it starts."))
    if session.course_id is not None and not session.cohort.courses.filter(pk=session.course_id).exists():
        raise ValidationError(_("Choose one of the cohort's courses."))
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def class_session_delete(*, viewer: Viewer, session: ClassSession) -> None:
    require(selectors.can_schedule_in(viewer, session.cohort))
    session.delete()


@transaction.atomic
def calendar_feed_regenerate(*, viewer: Viewer) -> CalendarFeed:
    """A new private feed URL for the viewer; the previous one stops working."""
    require(rules.can_see_cohorts(viewer))
    feed = CalendarFeed.objects.select_for_update().filter(user=viewer.user).first() or CalendarFeed(
        user=viewer.user
    )
    feed.program = viewer.program
    feed.renew()
    feed.save()
    return feed
