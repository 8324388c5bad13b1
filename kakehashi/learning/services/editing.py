"""Content editing by authors: a quiz, question, exercise, assignment or rubric criterion saved (a
criterion's points are fixed once work was graded with it), and any of these, a module or a lesson
deleted unless learners' graded work depends on it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer, require
from kakehashi.learning import rules, selectors
from kakehashi.learning.models import (
    Assignment,
    Exercise,
    Lesson,
    Module,
    Question,
    Quiz,
    RubricCriterion,
    Submission,
)


@transaction.atomic
def item_save[T: (Quiz, Exercise, Assignment, Question, RubricCriterion)](*, viewer: Viewer, item: T) -> T:
    """A quiz, question, exercise, assignment or rubric criterion, written by an author or instructor."""
    require(rules.can_write_courses(viewer))
    item.full_clean()
    item.save()
    return item


def _levels_points(levels: list[dict[str, Any]]) -> list[int]:
    return [int(level.get("points", 0)) for level in levels]


@transaction.atomic
def criterion_save(*, viewer: Viewer, criterion: RubricCriterion) -> RubricCriterion:
    """Once work was graded with the rubric, the wording of a criterion may change, not its points."""
    require(rules.can_write_courses(viewer))
    if criterion.pk is not None:
        before = RubricCriterion.objects.get(pk=criterion.pk)
        graded = Submission.objects.filter(
            assignment_id=criterion.assignment_id, graded_at__isnull=False
        ).exists()
        if graded and _levels_points(before.levels) != _levels_points(criterion.levels):
            raise ValidationError(
                _(
                    "Work was already graded with this rubric: you may change the wording of the levels, "
                    "not their number or points."
                )
            )
    criterion.full_clean()
    criterion.save()
    return criterion


DeletableItem = Module | Lesson | Quiz | Exercise | Assignment | Question | RubricCriterion


@transaction.atomic
def item_delete(*, viewer: Viewer, item: DeletableItem) -> None:
    """Refused when learners' graded work depends on the item (see selectors.deletion_impact)."""
    require(rules.can_write_courses(viewer))
    impact = selectors.deletion_impact(item)
    if impact.blocked:
        raise ValidationError(impact.blocked)
    item.delete()
