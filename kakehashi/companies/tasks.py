from django.tasks import task  # type: ignore[attr-defined]

from kakehashi.companies import services
from kakehashi.core.background import on_worker_lost


@task
def send_interest_confirmation(company_id: int, language: str) -> bool:
    """Thank a company that answered the public call; False when there is no address to write to."""
    return services.interest_confirmation_send(company_id=company_id, language=language)


@on_worker_lost(send_interest_confirmation, retry=True)
def _confirmation_lost(company_id: int, language: str) -> None:
    """Retried: the thanks a lost attempt sent is not sent again (send_once)."""
