from django.tasks import task  # type: ignore[attr-defined]

from kakehashi.core.background import on_worker_lost
from kakehashi.learning import services


@task
def grade_exercise_run(run_id: int) -> str:
    """Run the learner's code against the exercise's tests in the sandbox; returns the run's status."""
    return services.exercise_run_grade(run_id=run_id)


@on_worker_lost(grade_exercise_run, retry=True)
def _grading_lost(run_id: int) -> None:
    """Grading is idempotent (a run is graded only while queued), so a lost one is simply run again; when
    the attempts run out, the run stops counting against the learner's queue and says what to do."""
    services.exercise_run_lost(run_id=run_id)
