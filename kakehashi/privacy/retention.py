"""How long each kind of personal data is kept, and the job that removes what has expired.

Other apps add their own policies as `RETENTION` in their `personal_data.py` (see `all_policies`).

The periods can be changed with the setting KAKEHASHI_RETENTION_DAYS = {"kind": days}. `apply()` is run
daily by `manage.py apply_retention` (cron or a systemd timer) or the `apply_retention` task; running it
twice changes nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Policy:
    kind: str
    days: int
    what: Promise
    action: Promise


def _people_imports(cutoff_days: int) -> int:
    from kakehashi.accounts.models import PeopleImport

    cutoff = timezone.now() - timedelta(days=cutoff_days)
    deleted, _by_model = PeopleImport.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _invitations(cutoff_days: int) -> int:
    from kakehashi.accounts.models import Invitation

    cutoff = timezone.now() - timedelta(days=cutoff_days)
    deleted, _by_model = Invitation.objects.filter(accepted_at__isnull=True, expires_at__lt=cutoff).delete()
    return deleted


def _personal_records(cutoff_days: int) -> int:
    """Sensitive records of people whose every program ended more than `cutoff_days` ago."""
    from kakehashi.accounts.models import Membership
    from kakehashi.privacy.models import PersonalRecord

    cutoff = timezone.localdate() - timedelta(days=cutoff_days)
    last_end = (
        Membership.objects.values("user_id")
        .annotate(last=Max("program__ends_on"))
        .filter(last__lt=cutoff)
        .values("user_id")
    )
    deleted, _by_model = PersonalRecord.objects.filter(user_id__in=last_end).delete()
    return deleted


def _sensitive_reads(cutoff_days: int) -> int:
    from kakehashi.privacy.models import SensitiveRead

    cutoff = timezone.now() - timedelta(days=cutoff_days)
    deleted, _by_model = SensitiveRead.objects.filter(read_at__lt=cutoff).delete()
    return deleted


def _decided_deletion_requests(cutoff_days: int) -> int:
    from kakehashi.privacy.models import DeletionRequest, DeletionStatus

    cutoff = timezone.now() - timedelta(days=cutoff_days)
    deleted, _by_model = (
        DeletionRequest.objects.exclude(status=DeletionStatus.PENDING).filter(decided_at__lt=cutoff).delete()
    )
    return deleted


POLICIES: list[tuple[Policy, Callable[[int], int]]] = [
    (
        Policy("people_imports", 30, _("Uploaded lists of people (names, emails)"), _("deleted")),
        _people_imports,
    ),
    (
        Policy("invitations", 90, _("Invitations never accepted, after they expired"), _("deleted")),
        _invitations,
    ),
    (
        Policy(
            "personal_records",
            365,
            _(
                "Passport and residence-card numbers, health notes, emergency contacts, after the person's last program ended"
            ),
            _("deleted"),
        ),
        _personal_records,
    ),
    (
        Policy("sensitive_reads", 3 * 365, _("Records of who read sensitive data"), _("deleted")),
        _sensitive_reads,
    ),
    (
        Policy(
            "deletion_requests", 3 * 365, _("Decided deletion requests (already anonymised)"), _("deleted")
        ),
        _decided_deletion_requests,
    ),
]


def all_policies() -> list[tuple[Policy, Callable[[int], int]]]:
    """The policies above, then those other apps declare as `RETENTION` (a list of the same pairs) in
    their `kakehashi/<app>/personal_data.py`."""
    from kakehashi.core.registry import app_modules

    found = list(POLICIES)
    for _app, module in app_modules("personal_data"):
        found.extend(getattr(module, "RETENTION", ()))
    return found


def days_for(policy: Policy) -> int:
    overrides: dict[str, int] = getattr(settings, "KAKEHASHI_RETENTION_DAYS", {})
    return int(overrides.get(policy.kind, policy.days))


def policies() -> list[tuple[Policy, int]]:
    return [(policy, days_for(policy)) for policy, _apply in all_policies()]


@transaction.atomic
def apply() -> dict[str, int]:
    """Remove what has expired; returns how many rows each policy removed."""
    return {policy.kind: run(days_for(policy)) for policy, run in all_policies()}
