"""What the learning app tells people by itself, through the one door (kakehashi.notifications): a class
tomorrow (daily), an assignment due within a day to the learners who have not handed it in (hourly).

Each reminder reaches each person once: the delivery log remembers whom it told about which class or
deadline (`about`, which holds the time: a class or a deadline that moves is told again)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kakehashi.accounts.models import User
from kakehashi.learning.models import (
    Assignment,
    ClassSession,
    CohortRole,
    SessionMode,
    Status,
    Submission,
)
from kakehashi.notifications.events import Later, Localized
from kakehashi.notifications.services import already_told, notify, zones_of

CLASS_TOMORROW = "learning.class_tomorrow"
ASSIGNMENT_DUE = "learning.assignment_due"
GRADE_RELEASED = "learning.grade_released"
DUE_WITHIN = timedelta(hours=24)


def _stamp(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y%m%d%H%M")


def _local_date(when: datetime, zone: str) -> date:
    return when.astimezone(ZoneInfo(zone)).date()


def _where(session: ClassSession) -> object:
    if session.meeting_url:
        return session.meeting_url
    if session.location:
        return session.location
    return Later(lambda: SessionMode(session.mode).label)


def class_reminders(*, now: datetime | None = None) -> int:
    """Tell the learners and teachers of a cohort, the day before each of its classes (the day as each
    person's clock reads it), when and where it is. Run daily by the scheduler; returns how many people
    were told. Running it again the same day tells nobody twice."""
    now = now or timezone.now()
    told = 0
    # Tomorrow in any zone starts within 24 hours and ends within 48.
    sessions = ClassSession.objects.filter(starts_at__gt=now, starts_at__lte=now + timedelta(hours=48))
    for session in sessions.select_related("cohort"):
        members = list(
            User.objects.filter(
                cohort_memberships__cohort_id=session.cohort_id,
                cohort_memberships__role__in=[CohortRole.LEARNER, CohortRole.TEACHER],
                is_active=True,
            ).distinct()
        )
        about = f"class:{session.pk}:{_stamp(session.starts_at)}"
        done = already_told(CLASS_TOMORROW, about, [u.pk for u in members])
        waiting = [u for u in members if u.pk not in done]
        zones = zones_of(waiting)
        due = [
            u
            for u in waiting
            if _local_date(session.starts_at, zones[u.pk])
            == _local_date(now, zones[u.pk]) + timedelta(days=1)
        ]
        if not due:
            continue
        context = {"title": Localized(session), "starts_at": session.starts_at, "where": _where(session)}
        with transaction.atomic():
            told += len(notify(due, CLASS_TOMORROW, context, url=reverse("learning:schedule"), about=about))
    return told


def assignment_reminders(*, now: datetime | None = None) -> int:
    """Tell the learners who have not handed in an assignment that it is due within 24 hours (the learners
    of the cohorts that take its course, once it is published). Run hourly by the scheduler; returns how
    many people were told; each learner is told once per deadline."""
    now = now or timezone.now()
    told = 0
    assignments = Assignment.objects.filter(
        due_at__gt=now, due_at__lte=now + DUE_WITHIN, course__status=Status.PUBLISHED
    )
    for assignment in assignments:
        assert assignment.due_at is not None
        learners = list(
            User.objects.filter(
                cohort_memberships__cohort__courses=assignment.course_id,
                cohort_memberships__role=CohortRole.LEARNER,
                is_active=True,
            )
            .exclude(pk__in=Submission.objects.filter(assignment=assignment).values("user_id"))
            .distinct()
        )
        about = f"assignment:{assignment.pk}:{_stamp(assignment.due_at)}"
        done = already_told(ASSIGNMENT_DUE, about, [u.pk for u in learners])
        due = [u for u in learners if u.pk not in done]
        if not due:
            continue
        context = {"assignment": Localized(assignment), "due_at": assignment.due_at}
        with transaction.atomic():
            told += len(notify(due, ASSIGNMENT_DUE, context, url=assignment.get_absolute_url(), about=about))
    return told


def grade_released(submission: Submission) -> int:
    """Tell the learner their work is graded (called by `submission_grade`, in its transaction): once per
    submitted version, a regrade of the same version is not told again."""
    about = f"submission:{submission.pk}"
    if already_told(GRADE_RELEASED, about, [submission.user_id]):
        return 0
    context = {"assignment": Localized(submission.assignment), "score": submission.score_percent}
    url = submission.assignment.get_absolute_url()
    return len(notify([submission.user], GRADE_RELEASED, context, url=url, about=about))
