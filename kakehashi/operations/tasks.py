from datetime import datetime

from django.tasks import task  # type: ignore[attr-defined]

from kakehashi.core.background import on_worker_lost
from kakehashi.operations import services


@task
def send_notice_email(notice_id: int) -> bool:
    """Email one link of an alert's or an incident's notification chain."""
    return services.notice_send(notice_id=notice_id)


@on_worker_lost(send_notice_email, retry=True)
def _notice_lost(notice_id: int) -> None:
    """Retried: a safety notice must reach its recipient, and one the lost attempt sent is not sent
    again (notice_send uses send_once)."""


@task
def check_missed_checkins(now_iso: str | None = None) -> list[int]:
    """Raise alerts for missed check-ins and escalate unacknowledged ones; run every few minutes."""
    now = datetime.fromisoformat(now_iso) if now_iso else None
    raised, escalated = services.check_missed_checkins(now=now)
    return [raised, escalated]
