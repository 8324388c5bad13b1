from django.tasks import task  # type: ignore[attr-defined]

from kakehashi.careers import services
from kakehashi.core.background import on_worker_lost


@task
def send_retention_reminders() -> int:
    """Daily: tell both sides of a hire that a retention check-in is due; twice the same day sends nothing."""
    return services.retention_reminders()


@on_worker_lost(send_retention_reminders, retry=True)
def _reminders_lost() -> None:
    """Retried: a reminder already written to the delivery log is not written again."""
