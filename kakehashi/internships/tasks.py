from django.tasks import task  # type: ignore[attr-defined]

from kakehashi.core.background import on_worker_lost
from kakehashi.internships import services


@task
def execute_run(run_id: int) -> str:
    """Read a matching run's input from the database, solve it and store its result as rows."""
    return str(services.run_execute(run_id=run_id).status)


@on_worker_lost(execute_run, retry=True)
def _run_lost(run_id: int) -> None:
    """Solving is idempotent (a finished run is left alone), so a lost run is solved again; when the
    attempts run out, the run stuck at "running" is marked failed and the office can start another."""
    services.run_lost(run_id=run_id)


@task
def check_run(run_id: int) -> str:
    """Check a finished run's stored assignment against its stored input, independently of the solver."""
    return str(services.run_check_execute(run_id=run_id).check_status)


@on_worker_lost(check_run, retry=False)
def _check_lost(run_id: int) -> None:
    """The check changes nothing but its verdict: a lost one is marked failed and can be asked again."""
    services.run_check_lost(run_id=run_id)


@task
def publish_run(run_id: int) -> str:
    """Publish a matching run: placements and notifications (the office asked for it and it passed the
    checks); the run page follows `publication_status`."""
    return str(services.run_publish_execute(run_id=run_id).publication_status)


@on_worker_lost(publish_run, retry=False)
def _publication_lost(run_id: int) -> None:
    """The publication is one transaction, so a lost one left nothing half-done: it is marked failed, which
    lets the office start it again (a queued or running publication blocks every other)."""
    services.run_publication_lost(run_id=run_id)


@task
def send_deadline_reminders() -> int:
    """Daily: remind the people concerned two days before a phase ends; twice the same day sends nothing."""
    return services.deadline_reminders()


@task
def send_interview_reminders() -> int:
    """Every five minutes: remind everyone concerned 24 hours and one hour before each interview, once."""
    from kakehashi.internships.interview_moves import interview_reminders

    return interview_reminders()
