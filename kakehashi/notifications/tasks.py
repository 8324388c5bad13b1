from datetime import datetime

from django.tasks import task  # type: ignore[attr-defined]

from kakehashi.core.background import on_worker_lost
from kakehashi.notifications import services


@task
def deliver_messages(message_ids: list[int]) -> int:
    """Send the queued deliveries of one event's messages that are due now."""
    return services.deliver(message_ids=message_ids)


@on_worker_lost(deliver_messages, retry=True)
def _deliver_lost(message_ids: list[int]) -> None:
    """Retried: the deliveries a lost attempt sent are marked (kakehashi.core.background.not_yet_sent) and
    the rest are still queued; when the attempts run out, the periodic `deliver_due` sends them."""


@task
def deliver_due(now_iso: str | None = None) -> int:
    """Every minute: send what quiet hours held back, and anything a lost task left queued."""
    now = datetime.fromisoformat(now_iso) if now_iso else None
    return services.deliver(now=now)


@on_worker_lost(deliver_due, retry=True)
def _deliver_due_lost(now_iso: str | None = None) -> None:
    """Retried, as deliver_messages."""
