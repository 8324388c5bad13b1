"""The status of residence, travel and stay of a case: the residence documents of its route, the
travel-and-stay record with its encrypted sensitive fields (stored only with the intern's consent,
read only through a recorded reveal), and the optimistic locking every edit of a case goes through."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core.locking import save_with_version
from kakehashi.core.permissions import Viewer, require
from kakehashi.operations import rules
from kakehashi.operations.models import SENSITIVE_FIELDS, InternCase, ResidenceDocument, StayRecord
from kakehashi.operations.residence import DOCUMENTS_BY_ROUTE


def _residence_documents_reset(case: InternCase) -> None:
    keys = DOCUMENTS_BY_ROUTE[case.route]
    case.residence_documents.exclude(key__in=keys).delete()
    existing = {document.key: document for document in case.residence_documents.all()}
    missing = []
    for position, key in enumerate(keys, start=1):
        if key not in existing:
            missing.append(ResidenceDocument(case=case, key=key, position=position))
        elif existing[key].position != position:
            existing[key].position = position
            existing[key].save(update_fields=["position"])
    ResidenceDocument.objects.bulk_create(missing)


def _require_intern_consent(case: InternCase) -> None:
    """Sensitive data of an intern (identity documents, address, health, emergency contacts) is stored only
    with the intern's consent to the current sensitive-data text; the office is told what to ask for."""
    from kakehashi.privacy.models import ConsentKind
    from kakehashi.privacy.services import has_consent

    if not has_consent(case.intern, ConsentKind.SENSITIVE_DATA):
        raise ValidationError(
            _(
                "%(name)s has not consented to the storage of sensitive personal data (identity documents, "
                "address, health, emergency contacts). Nothing was saved. Ask them to give their consent on "
                "their privacy page, or save the form without the sensitive fields."
            )
            % {"name": case.intern.display_name},
            code="consent",
        )


def _case_claim(case: InternCase, expected_version: int) -> None:
    """Take the case's next version, if nobody saved it since `expected_version` (optimistic locking).

    Every change to a case, its residence documents or its travel-and-stay record goes through here
    first, so that of two edits made from the same version exactly one wins; the other gets a
    ValidationError (code "stale") asking to reload, and its transaction changes nothing.
    """
    save_with_version(case, expected_version, fields=["updated_at"])


@transaction.atomic
def residence_update(
    *,
    viewer: Viewer,
    case: InternCase,
    expected_version: int,
    route: str,
    done_keys: Iterable[str],
    dates: dict[str, Any],
) -> InternCase:
    require(rules.can_edit_stay(viewer, case))
    if dates.get("passport_number") or dates.get("residence_card_number"):
        _require_intern_consent(case)
    _case_claim(case, expected_version)
    if route != case.route:
        case.route = route
        case.save(update_fields=["route"])  # save(), not update(): the audit log records the change
        _residence_documents_reset(case)
    done = set(done_keys)
    today = timezone.localdate()
    for document in case.residence_documents.all():
        is_done = document.key in done
        if is_done != document.done:
            document.done = is_done
            document.done_on = today if is_done else None
            document.save(update_fields=["done", "done_on"])
    stay = case.stay
    for name in ("passport_expires_on", "visa_issued_on", "status_expires_on"):
        setattr(stay, name, dates.get(name))
    for name in ("passport_number", "residence_card_number"):
        if dates.get(name):  # blank keeps what is recorded: the form never shows it
            setattr(stay, name, dates[name].strip())
    stay.save()
    return case


TRAVEL_FIELDS = (
    "outbound_flight",
    "outbound_at",
    "return_flight",
    "return_at",
    "itinerary",
    "insurance_provider",
    "insurance_policy",
    "insurance_from",
    "insurance_to",
    "housing_name",
    "housing_provider",
    "housing_from",
    "housing_to",
)
SECRET_TRAVEL_FIELDS = ("housing_address", "emergency_contacts", "health_notes")


@transaction.atomic
def stay_update(
    *, viewer: Viewer, case: InternCase, expected_version: int, data: dict[str, Any]
) -> StayRecord:
    require(rules.can_edit_stay(viewer, case))
    stay = case.stay
    for name in TRAVEL_FIELDS:
        if name in data:
            setattr(stay, name, data[name])
    for name in SECRET_TRAVEL_FIELDS:
        if data.get(name):  # blank keeps what is recorded
            _require_intern_consent(case)
            setattr(stay, name, data[name].strip())
    stay.full_clean()
    _case_claim(case, expected_version)
    stay.save()
    return stay


def sensitive_reveal(
    *, viewer: Viewer, case: InternCase, fields: Iterable[str] = SENSITIVE_FIELDS
) -> dict[str, str]:
    """The decrypted sensitive fields of a case, for someone allowed to read them. Each field read is
    recorded by kakehashi.privacy (SensitiveRead: reader, intern, record, field, time)."""
    from kakehashi.privacy.services import reveal

    require(rules.can_see_sensitive(viewer, case))
    stay = case.stay
    return {name: reveal(viewer, stay, name) for name in fields if name in SENSITIVE_FIELDS}
