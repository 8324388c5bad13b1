"""What the accounts and privacy apps keep about a person: exported on request, anonymised on deletion.

Convention: any app may have `kakehashi/<app>/personal_data.py` with `export(user) -> dict` and
`anonymise(user) -> None` (idempotent); `kakehashi.privacy.services` calls them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

if TYPE_CHECKING:
    from kakehashi.accounts.models import User

ANONYMOUS_NAME = "—"


def anonymous_email(user: User) -> str:
    return f"deleted-{user.pk}@deleted.invalid"


def export(user: User) -> dict[str, Any]:
    from kakehashi.accounts.models import Membership
    from kakehashi.privacy.models import Consent, DeletionRequest, PersonalRecord, SensitiveRead

    record = PersonalRecord.objects.filter(user=user).first()
    return {
        "profile": {
            "email": user.email,
            "name_latin": user.name_latin,
            "name_local": user.name_local,
            "family_name_latin": user.family_name_latin,
            "given_name_latin": user.given_name_latin,
            "family_name_local": user.family_name_local,
            "given_name_local": user.given_name_local,
            "family_name_reading": user.family_name_reading,
            "given_name_reading": user.given_name_reading,
            "phone": user.phone,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "memberships": [
            {
                "program": m.program.key,
                "organization": m.organization.key,
                "role": m.role,
                "active": m.is_active,
            }
            for m in Membership.objects.filter(user=user).select_related("program", "organization")
        ],
        "consents": [
            {
                "kind": c.text.kind,
                "version": c.text.version,
                "given_at": c.given_at.isoformat(),
                "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in Consent.objects.filter(user=user).select_related("text")
        ],
        "personal_record": (
            {name: getattr(record, name) for name in PersonalRecord.SENSITIVE_FIELDS} if record else None
        ),
        "reads_of_my_sensitive_data": [
            {"reader_id": r.reader_id, "field": r.field, "read_at": r.read_at.isoformat()}
            for r in SensitiveRead.objects.filter(subject=user)
        ],
        "deletion_requests": [
            {"status": d.status, "created_at": d.created_at.isoformat()}
            for d in DeletionRequest.objects.filter(user=user)
        ],
    }


def anonymise(user: User) -> None:
    """Names, contact details, sign-in and sensitive records go; memberships stay, inactive, for figures."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from auditlog.models import LogEntry

    from kakehashi.accounts.models import ApiToken, Invitation, Membership, User, email_matches
    from kakehashi.privacy.models import Consent, PersonalRecord
    from kakehashi.privacy.services import end_sessions_of

    old_email = user.email
    # update(), not save(): the audit log would otherwise keep the old values in its change record.
    User.objects.filter(pk=user.pk).update(
        email=anonymous_email(user),
        name_latin=ANONYMOUS_NAME,
        name_local="",
        # Every part of the name, its reading and the sort keys (which spell it) go too.
        family_name_latin="",
        given_name_latin=ANONYMOUS_NAME,
        family_name_local="",
        given_name_local="",
        family_name_reading="",
        given_name_reading="",
        sort_key_ja="",
        sort_key_mn="",
        sort_key_en="",
        phone="",
        is_active=False,
        password=make_password(None),
    )
    if old_email != anonymous_email(user):
        email_matches(Invitation.objects.all(), old_email).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    ApiToken.objects.filter(user=user).delete()
    PersonalRecord.objects.filter(user=user).delete()
    Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    Membership.objects.filter(user=user, is_active=True).update(is_active=False)
    from kakehashi.accounts.sort_key_copies import blank_copies_of

    blank_copies_of(user)  # the copies of the sort keys spell the name too
    from kakehashi.accounts.selectors import people_changed

    people_changed()  # an update() sends no signal: the cached counts of people forget this person
    LogEntry.objects.get_for_object(user).delete()
    end_sessions_of(user)
    user.refresh_from_db()
