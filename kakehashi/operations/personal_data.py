"""What the operations app keeps about an intern: exported on request, anonymised on deletion.

Called by kakehashi.privacy.services (export_personal_data, anonymise_person) and
kakehashi.privacy.retention (RETENTION) through the `personal_data.py` convention. The case itself stays (programme figures count it); the encrypted
identity numbers, address, health notes and emergency contacts of its travel-and-stay record go.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kakehashi.privacy.retention import Policy

if TYPE_CHECKING:
    from kakehashi.accounts.models import User

# Plain travel fields that still point at one person: cleared with the encrypted ones.
IDENTIFYING_TRAVEL_FIELDS = ("insurance_policy", "itinerary", "outbound_flight", "return_flight")


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def export(user: User) -> list[dict[str, Any]]:
    """The person's cases, their travel-and-stay record (in clear: it is their own), check-ins and
    daily reports."""
    from kakehashi.operations.models import InternCase, StayRecord

    rows = []
    cases = InternCase.objects.filter(intern=user).select_related("program", "host", "stay")
    for case in cases.prefetch_related("checkins", "reports"):
        try:
            stay: StayRecord | None = case.stay
        except StayRecord.DoesNotExist:
            stay = None
        rows.append(
            {
                "program": case.program.key,
                "host": case.host.key,
                "arrival_on": _iso(case.arrival_on),
                "departure_on": _iso(case.departure_on),
                "status_of_residence": case.route,
                "travel_and_stay": (
                    {
                        field.name: _iso(getattr(stay, field.name))
                        for field in StayRecord._meta.concrete_fields
                        if field.name not in ("id", "case", "passport_number_index")
                    }
                    if stay is not None
                    else None
                ),
                "checkins": [
                    {"day": _iso(c.day), "status": c.status, "note": c.note} for c in case.checkins.all()
                ],
                "daily_reports": [
                    {"day": _iso(r.day), "language": r.language, "body": r.body} for r in case.reports.all()
                ],
            }
        )
    return rows


def anonymise(user: User) -> None:
    """Clear the encrypted and identifying fields of the person's travel-and-stay records, and their
    audit-log history (it holds the plain travel fields). Running it twice changes nothing more."""
    from auditlog.models import LogEntry

    from kakehashi.operations.models import StayRecord

    stays = StayRecord.objects.filter(case__intern=user)
    _clear(stays)
    for stay in stays:
        LogEntry.objects.get_for_object(stay).delete()


def _clear(stays: Any) -> None:
    from kakehashi.operations.models import SENSITIVE_FIELDS

    # update(), not save(): nothing of the old values goes into a new audit-log record.
    stays.update(
        **dict.fromkeys(SENSITIVE_FIELDS, ""),
        **dict.fromkeys(IDENTIFYING_TRAVEL_FIELDS, ""),
        passport_number_index="",
    )


def expire_stay_records(cutoff_days: int) -> int:
    """Clear the secrets of travel-and-stay records of internships that ended more than `cutoff_days`
    ago; returns how many records still held some. Encrypted fields cannot be filtered in SQL, so the
    candidates are read and checked here (one daily run, a few hundred ended cases at most)."""
    from kakehashi.operations.models import SENSITIVE_FIELDS, StayRecord

    cutoff = timezone.localdate() - timedelta(days=cutoff_days)
    names = (*SENSITIVE_FIELDS, *IDENTIFYING_TRAVEL_FIELDS)
    candidates = StayRecord.objects.filter(case__departure_on__lt=cutoff).only("pk", *names)
    holding = [stay.pk for stay in candidates.iterator() if any(getattr(stay, n) for n in names)]
    _clear(StayRecord.objects.filter(pk__in=holding))
    return len(holding)


RETENTION: list[tuple[Policy, Callable[[int], int]]] = [
    (
        Policy(
            "stay_records",
            365,
            _(
                "Passport and residence-card numbers, housing addresses, health notes and emergency "
                "contacts of an internship's travel and stay, after the internship ended"
            ),
            _("cleared"),
        ),
        expire_stay_records,
    ),
]
