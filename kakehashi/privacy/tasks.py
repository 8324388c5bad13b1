from django.tasks import task  # type: ignore[attr-defined]

from kakehashi.privacy import retention


@task
def apply_retention() -> dict[str, int]:
    """Delete or anonymise personal data whose retention period has passed (daily)."""
    return retention.apply()
