"""Whom an agreement's notifications reach: the people who sign for each party. The texts name the host
company and the dates, never the student (notifications/events.py, "agreements.*")."""

from django.urls import reverse

from kakehashi.accounts.models import Membership, User
from kakehashi.accounts.roles import Role
from kakehashi.agreements.models import Agreement, Party
from kakehashi.notifications.events import Localized
from kakehashi.notifications.services import notify


def signers_of(agreement: Agreement, parties: list[str]) -> list[User]:
    case = agreement.case
    people: dict[int, User] = {}
    if Party.STUDENT in parties:
        people[case.intern_id] = case.intern
    wanted = []
    if Party.COLLEGE in parties and case.college_id:
        wanted.append((Role.PARTNER_TEACHER, case.college_id))
    if Party.COMPANY in parties:
        wanted.append((Role.COMPANY_ADMIN, case.host_id))
    for role, organization in wanted:
        for membership in Membership.objects.filter(
            program_id=case.program_id, organization_id=organization, role=role, is_active=True
        ).select_related("user"):
            people.setdefault(membership.user_id, membership.user)
    if Party.OFFICE in parties:
        for membership in Membership.objects.filter(
            program_id=case.program_id, role=Role.PROGRAM_MANAGER, is_active=True
        ).select_related("user"):
            people.setdefault(membership.user_id, membership.user)
    return list(people.values())


def _context(agreement: Agreement) -> dict[str, object]:
    case = agreement.case
    return {
        "company": Localized(case.host, "name"),
        "start": case.arrival_on.isoformat(),
        "end": case.departure_on.isoformat(),
    }


def _send(agreement: Agreement, parties: list[str], event: str, **extra: object) -> None:
    notify(
        signers_of(agreement, parties),
        event,
        {**_context(agreement), **extra},
        url=reverse("agreements:detail", args=[agreement.case_id]),
        about=f"agreement:{agreement.pk}",
    )


def your_turn(agreement: Agreement) -> None:
    if agreement.next_party:
        _send(agreement, [agreement.next_party], "agreements.your_turn")


def new_version(agreement: Agreement, number: int, voided: list[str]) -> None:
    """Every party hears of the new version; those whose signatures were voided are told so."""
    _send(agreement, list(Party.values), "agreements.new_version", number=number, voided=bool(voided))


def signed(agreement: Agreement) -> None:
    _send(agreement, list(Party.values), "agreements.signed")
