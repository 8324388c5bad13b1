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


@task
def send_class_reminders() -> int:
    """Daily: tell each cohort's learners and teachers about tomorrow's classes; once per class and person."""
    return services.class_reminders()


@on_worker_lost(send_class_reminders, retry=True)
def _class_reminders_lost() -> None:
    """Retried: a person already told (the delivery log) is not told again."""


@task
def send_assignment_reminders() -> int:
    """Hourly: tell the learners who have not handed in an assignment due within 24 hours; once each."""
    return services.assignment_reminders()


@on_worker_lost(send_assignment_reminders, retry=True)
def _assignment_reminders_lost() -> None:
    """Retried: a learner already told (the delivery log) is not told again."""
