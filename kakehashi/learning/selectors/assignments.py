"""Assignments, the viewer's own submissions, the rubric criteria an author edits, and the submissions
a teacher or the program office grades (with the file of a submission, for its author or a grader)."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.http import Http404

from kakehashi.core.permissions import Viewer, require
from kakehashi.learning import rules
from kakehashi.learning.models import Assignment, CohortMember, CohortRole, RubricCriterion, Submission
from kakehashi.learning.selectors.courses import _course_item


def assignment_for(viewer: Viewer, assignment_id: int) -> Assignment:
    return _course_item(viewer, Assignment, assignment_id)


def submissions_of(viewer: Viewer, assignment: Assignment) -> list[Submission]:
    return list(Submission.objects.filter(assignment=assignment, user=viewer.user))


def submissions_to_grade(viewer: Viewer) -> QuerySet[Submission]:
    """The latest submissions of learners in the cohorts the viewer grades."""
    require(rules.can_grade(viewer))
    subs = Submission.objects.filter(assignment__course__program=viewer.program)
    if not rules.can_write_courses(viewer):
        taught = CohortMember.objects.filter(user=viewer.user, role=CohortRole.TEACHER).values("cohort_id")
        learners = CohortMember.objects.filter(cohort_id__in=taught, role=CohortRole.LEARNER).values(
            "user_id"
        )
        subs = subs.filter(user_id__in=learners, assignment__course__cohorts__in=taught).distinct()
    # Not yet graded first, on every database (PostgreSQL puts NULLs last in an ascending order).
    return subs.select_related("assignment", "user").order_by(
        F("graded_at").asc(nulls_first=True), "-submitted_at"
    )


def submission_for_grading(viewer: Viewer, submission_id: int) -> Submission:
    try:
        return submissions_to_grade(viewer).get(pk=submission_id)
    except Submission.DoesNotExist:
        raise Http404 from None


def submission_file_for(viewer: Viewer, submission_id: int) -> Submission:
    """The learner's own submission, or one the viewer grades."""
    own = Submission.objects.filter(pk=submission_id, user=viewer.user).first()
    if own is not None:
        return own
    if not rules.can_grade(viewer):
        raise Http404
    return submission_for_grading(viewer, submission_id)


def criterion_for(viewer: Viewer, criterion_id: int) -> RubricCriterion:
    criterion = RubricCriterion.objects.select_related("assignment").filter(pk=criterion_id).first()
    if criterion is None:
        raise Http404
    assignment_for(viewer, criterion.assignment_id)
    return criterion
