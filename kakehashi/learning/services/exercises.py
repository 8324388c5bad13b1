"""Programming exercises: code submitted (and queued for grading once the transaction commits), and a
run graded in the sandbox."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.models import User
from kakehashi.core import idempotency
from kakehashi.core.permissions import Viewer
from kakehashi.learning import sandbox
from kakehashi.learning.models import (
    Exercise,
    ExerciseRun,
    RunStatus,
)

MAX_CODE_CHARS = 20_000


MAX_QUEUED_RUNS = 3


@transaction.atomic
def exercise_submit(
    *, viewer: Viewer, exercise: Exercise, code: str, idempotency_key: str = ""
) -> ExerciseRun:
    """Keep the code and grade it in the background once the transaction commits.

    The same form posted again (its hidden `idempotency_key`) returns the first run."""
    if not code.strip():
        raise ValidationError(_("Write some code before you submit it."))
    if len(code) > MAX_CODE_CHARS:
        raise ValidationError(_("Your code is too long: keep it under 20,000 characters."))
    key = idempotency.clean_key(idempotency_key)
    # Parallel submissions of one learner queue one after the other on their user row, so each counts
    # the runs the others made: without the lock, 20 parallel posts all counted 0 and queued 5 or more.
    User.objects.select_for_update().filter(pk=viewer.user.pk).first()
    if key:
        earlier = ExerciseRun.objects.filter(user=viewer.user, idempotency_key=key).first()
        if earlier is not None:
            return earlier
    if ExerciseRun.objects.filter(user=viewer.user, status=RunStatus.QUEUED).count() >= MAX_QUEUED_RUNS:
        raise ValidationError(_("Wait until your earlier submissions have been graded."))
    run, created = idempotency.create_once(
        ExerciseRun.objects.all(),
        key=key,
        user=viewer.user,
        create=lambda: ExerciseRun.objects.create(
            exercise=exercise, user=viewer.user, code=code, idempotency_key=key
        ),
    )
    if not created:
        return run
    from kakehashi.learning.tasks import grade_exercise_run

    run_id = run.pk
    transaction.on_commit(lambda: grade_exercise_run.enqueue(run_id))
    return run


def exercise_run_lost(*, run_id: int) -> None:
    """The task reaper gave up on grading this run: it leaves the learner's queue, with a status that says
    to submit again (shown in the learner's language: it is the status's label)."""
    ExerciseRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.LOST, finished_at=timezone.now()
    )


def exercise_run_grade(*, run_id: int, limits: sandbox.Limits | None = None) -> str:
    """Run in the sandbox (outside any transaction: it takes seconds), then store the outcome."""
    run = ExerciseRun.objects.select_related("exercise").get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return str(run.status)
    outcome = sandbox.run(run.code, run.exercise.tests, limits=limits)
    run.status = outcome.status
    run.tests = outcome.tests
    run.output = outcome.output
    # Why isolation failed is for the operators (logged by the sandbox); the page tells the learner.
    run.message = "" if outcome.status == RunStatus.UNAVAILABLE else outcome.message
    if outcome.status == RunStatus.UNAVAILABLE:
        run.score_percent = None  # not run, so not graded
    else:
        run.score_percent = outcome.score if outcome.status in (RunStatus.PASSED, RunStatus.FAILED) else 0
    run.finished_at = timezone.now()
    run.save()
    return str(run.status)
