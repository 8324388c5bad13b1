"""Programming exercises and the viewer's own runs of their code in the sandbox."""

from __future__ import annotations

from django.http import Http404

from kakehashi.core.permissions import Viewer
from kakehashi.learning.models import Exercise, ExerciseRun
from kakehashi.learning.selectors.courses import _course_item, course_for


def exercise_for(viewer: Viewer, exercise_id: int) -> Exercise:
    return _course_item(viewer, Exercise, exercise_id)


def runs_of(viewer: Viewer, exercise: Exercise) -> list[ExerciseRun]:
    return list(ExerciseRun.objects.filter(exercise=exercise, user=viewer.user)[:10])


def run_for(viewer: Viewer, run_id: int) -> ExerciseRun:
    run = ExerciseRun.objects.select_related("exercise").filter(pk=run_id, user=viewer.user).first()
    if run is None:
        raise Http404
    course_for(viewer, run.exercise.course_id)
    return run
