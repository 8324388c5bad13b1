from datetime import datetime

from django.tasks import task  # type: ignore[attr-defined]

from kakehashi.operations import services


@task
def send_notice_email(notice_id: int) -> bool:
    """Email one link of an alert's or an incident's notification chain."""
    return services.notice_send(notice_id=notice_id)


@task
def check_missed_checkins(now_iso: str | None = None) -> list[int]:
    """Raise alerts for missed check-ins and escalate unacknowledged ones; run every few minutes."""
    now = datetime.fromisoformat(now_iso) if now_iso else None
    raised, escalated = services.check_missed_checkins(now=now)
    return [raised, escalated]
