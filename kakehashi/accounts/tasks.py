from django.tasks import task  # type: ignore[attr-defined]

from kakehashi.accounts import services
from kakehashi.core.background import on_worker_lost


@task
def send_invitation_email(invitation_id: int) -> bool:
    """Email the invitation link; returns False when the invitation was revoked or used meanwhile."""
    return services.invitation_send(invitation_id=invitation_id) is not None


@on_worker_lost(send_invitation_email, retry=True)
def _invitation_email_lost(invitation_id: int) -> None:
    """Retried: an email the lost attempt sent is not sent again (invitation_send uses send_once)."""


@task
def send_invitation_emails(invitation_ids: list[int]) -> int:
    """Email a batch of invitations (an import's); returns how many were sent."""
    return sum(services.invitation_send(invitation_id=pk) is not None for pk in invitation_ids)


@on_worker_lost(send_invitation_emails, retry=True)
def _invitation_emails_lost(invitation_ids: list[int]) -> None:
    """Retried: the emails the lost attempt sent are not sent again (invitation_send uses send_once)."""


@task
def apply_people_import(import_id: int) -> int:
    """Create the people of a confirmed import, all or none; the import's page polls the progress."""
    return services.people_import_run(import_id=import_id)


@on_worker_lost(apply_people_import, retry=True)
def _people_import_lost(import_id: int) -> None:
    """Retried: the lost attempt's transaction was rolled back, so it wrote nothing. When the attempts run
    out, the import says so and nothing was added."""
    from django.utils.translation import gettext as _

    services.people_import_failed(
        import_id, _("The import stopped unexpectedly and added nobody. Apply it again from a new upload.")
    )
