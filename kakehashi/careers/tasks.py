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


@task
def build_hire_pack(pack_id: int) -> str:
    """Generate a hire's status-of-residence documents; a failure is kept on the pack for its page."""
    from kakehashi.careers.models import HirePack, HirePackStatus

    pack = HirePack.objects.get(pk=pack_id)
    try:
        services.hire_pack_build(pack)
    except Exception as error:
        HirePack.objects.filter(pk=pack_id).update(status=HirePackStatus.FAILED, error=str(error)[:2000])
        raise
    return str(pack.status)


@on_worker_lost(build_hire_pack, retry=True)
def _hire_pack_lost(pack_id: int) -> None:
    """Generating writes the files again, so a lost build runs again; after the last attempt the pack says
    it failed and can be generated again."""
    from kakehashi.careers.models import HirePack, HirePackStatus

    HirePack.objects.filter(pk=pack_id, status__in=[HirePackStatus.QUEUED, HirePackStatus.BUILDING]).update(
        status=HirePackStatus.FAILED, error="lost"
    )
