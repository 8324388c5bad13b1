from django.tasks import task  # type: ignore[attr-defined]

from kakehashi.internships import services


@task
def execute_run(run_id: int) -> str:
    """Solve a matching run's stored input and store its result."""
    return str(services.run_execute(run_id=run_id).status)


@task
def send_notification_emails(notification_ids: list[int]) -> int:
    return services.notification_emails_send(notification_ids=notification_ids)


@task
def publish_run(run_id: int) -> str:
    """Publish a matching run: placements and notifications (the office asked for it and it passed the
    checks); the run page follows `publication_status`."""
    return str(services.run_publish_execute(run_id=run_id).publication_status)


@task
def send_deadline_reminders() -> int:
    """Daily: remind the people concerned two days before a phase ends; twice the same day sends nothing."""
    return services.deadline_reminders()
