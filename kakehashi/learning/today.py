"""What the courses ask of each person today (kakehashi.core.today): the student's next class and the
assignments due soon; the partner teacher's submissions to grade and, per cohort taught, the students who
have made no progress lately (linked to the cohort's gradebook). A fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kakehashi.core.i18n import localized
from kakehashi.core.multilingual.text import as_translated
from kakehashi.core.permissions import Viewer
from kakehashi.core.today import AT, INFO, MOST, NOW, SOON, TodayItem
from kakehashi.learning import rules, selectors
from kakehashi.learning.models import (
    Assignment,
    CohortMember,
    CohortRole,
    LessonCompletion,
    Submission,
)

AREA = "learning"
ASSIGNMENTS_AHEAD = timedelta(days=14)
# A learner with no lesson completed for this long is shown to their teacher as not progressing.
IDLE_AFTER = timedelta(days=14)


def items(viewer: Viewer) -> list[TodayItem]:
    if viewer.program is None or not rules.can_see_cohorts(viewer):
        return []
    found: list[TodayItem] = []
    if rules.is_learner(viewer):
        found += _learner(viewer)
    if rules.is_teacher(viewer):
        found += _teacher(viewer)
    return found


def _learner(viewer: Viewer) -> list[TodayItem]:
    now = timezone.now()
    found = []
    upcoming = (
        selectors.sessions_for(viewer)
        .filter(ends_at__gte=now)
        .select_related(None)
        .only("title", "starts_at")
        .first()
    )
    if upcoming is not None:
        found.append(
            TodayItem(
                AREA,
                _("Next class: %(title)s.") % {"title": localized(upcoming, "title")},
                reverse("learning:schedule"),
                due=upcoming.starts_at,
                when=AT,
                urgency=NOW if upcoming.starts_at - now < timedelta(hours=24) else INFO,
            )
        )
    due = (
        Assignment.objects.filter(
            course__in=selectors.courses_visible_to(viewer).values("pk"),
            due_at__gte=now,
            due_at__lte=now + ASSIGNMENTS_AHEAD,
        )
        .exclude(pk__in=Submission.objects.filter(user=viewer.user).values("assignment_id"))
        .only("title", "due_at")
        .order_by("due_at", "pk")[:MOST]
    )
    for assignment in due:
        assert assignment.due_at is not None
        found.append(
            TodayItem(
                AREA,
                _("Hand in %(title)s.") % {"title": localized(assignment, "title")},
                reverse("learning:assignment_detail", args=[assignment.pk]),
                due=assignment.due_at,
                urgency=NOW if assignment.due_at - now < timedelta(days=2) else SOON,
            )
        )
    return found


def _teacher(viewer: Viewer) -> list[TodayItem]:
    found = []
    if rules.can_grade(viewer):
        to_grade = selectors.submissions_to_grade(viewer).filter(graded_at__isnull=True).count()
        if to_grade:
            found.append(
                TodayItem(
                    AREA,
                    ngettext(
                        "%(count)d submission to grade.",
                        "%(count)d submissions to grade.",
                        to_grade,
                    )
                    % {"count": to_grade},
                    reverse("learning:grading_list"),
                    count=to_grade,
                    urgency=SOON,
                )
            )
    cutoff = timezone.now() - IDLE_AFTER
    taught = selectors.cohorts_visible_to(viewer).filter(
        members__user=viewer.user, members__role=CohortRole.TEACHER
    )
    last_done = (
        LessonCompletion.objects.filter(
            user_id=OuterRef("user_id"), lesson__module__course__cohorts=OuterRef("cohort_id")
        )
        .order_by("-completed_at")
        .values("completed_at")[:1]
    )
    rows = (
        CohortMember.objects.filter(cohort__in=taught.values("pk"), role=CohortRole.LEARNER)
        .annotate(last=Subquery(last_done))
        .values("cohort_id", "cohort__title")
        .annotate(
            learners=Count("pk"),
            idle=Count("pk", filter=Q(last__isnull=True) | Q(last__lt=cutoff)),
        )
        .order_by("-idle", "cohort_id")[:MOST]
    )
    for row in rows:
        title = str(as_translated(row["cohort__title"]))
        url = reverse("learning:gradebook", args=[row["cohort_id"]])
        if row["idle"]:
            found.append(
                TodayItem(
                    AREA,
                    ngettext(
                        "%(idle)d of %(learners)d student in %(cohort)s made no progress in two weeks.",
                        "%(idle)d of %(learners)d students in %(cohort)s made no progress in two weeks.",
                        row["learners"],
                    )
                    % {"idle": row["idle"], "learners": row["learners"], "cohort": title},
                    url,
                    count=row["idle"],
                    urgency=SOON,
                )
            )
        else:
            found.append(
                TodayItem(
                    AREA,
                    ngettext(
                        "Your %(learners)d student in %(cohort)s is progressing.",
                        "Your %(learners)d students in %(cohort)s are progressing.",
                        row["learners"],
                    )
                    % {"learners": row["learners"], "cohort": title},
                    url,
                    urgency=INFO,
                )
            )
    return found
