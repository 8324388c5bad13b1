from django.tasks import task  # type: ignore[attr-defined]

from kakehashi.internships import services


@task
def execute_run(run_id: int) -> str:
    """Solve a matching run's stored input and store its result."""
    return str(services.run_execute(run_id=run_id).status)


@task
def send_notification_emails(notification_ids: list[int]) -> int:
    return services.notification_emails_send(notification_ids=notification_ids)
