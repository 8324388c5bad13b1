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


@task
def build_residence_pack(pack_id: int) -> str:
    """Build a case's status-of-residence pack; a failure is kept on the pack for its page."""
    from kakehashi.operations.models import PackStatus, ResidencePack
    from kakehashi.operations.services.residence_pack import residence_pack_build

    pack = ResidencePack.objects.get(pk=pack_id)
    try:
        residence_pack_build(pack)
    except Exception as error:
        ResidencePack.objects.filter(pk=pack_id).update(status=PackStatus.FAILED, error=str(error)[:2000])
        raise
    return str(pack.status)


@on_worker_lost(build_residence_pack, retry=True)
def _residence_pack_lost(pack_id: int) -> None:
    """Building writes the files again from the case, so a lost build is run again; when the attempts run
    out, the pack says it failed and can be built again."""
    from kakehashi.operations.models import PackStatus, ResidencePack

    ResidencePack.objects.filter(pk=pack_id, status__in=[PackStatus.QUEUED, PackStatus.BUILDING]).update(
        status=PackStatus.FAILED, error="lost"
    )
