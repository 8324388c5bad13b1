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
