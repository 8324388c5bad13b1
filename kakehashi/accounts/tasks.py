from django.tasks import task  # type: ignore[attr-defined]

from kakehashi.accounts import services


@task
def send_invitation_email(invitation_id: int) -> bool:
    """Email the invitation link; returns False when the invitation was revoked or used meanwhile."""
    return services.invitation_send(invitation_id=invitation_id) is not None
