from django.tasks import task  # type: ignore[attr-defined]

from kakehashi.learning import services


@task
def grade_exercise_run(run_id: int) -> str:
    """Run the learner's code against the exercise's tests in the sandbox; returns the run's status."""
    return services.exercise_run_grade(run_id=run_id)
