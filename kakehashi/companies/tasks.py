from django.tasks import task  # type: ignore[attr-defined]

from kakehashi.companies import services


@task
def send_interest_confirmation(company_id: int, language: str) -> bool:
    """Thank a company that answered the public call; False when there is no address to write to."""
    return services.interest_confirmation_send(company_id=company_id, language=language)
