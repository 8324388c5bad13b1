"""Who must use a second factor, and who may read or decide on personal data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kakehashi.accounts.roles import Role

if TYPE_CHECKING:
    from kakehashi.accounts.models import User
    from kakehashi.core.permissions import Viewer
    from kakehashi.privacy.models import PersonalRecord

# Staff of the program office, the city, the colleges, and company and organization administrators.
# Students, mentors, NGO, telecom and funder viewers may use a second factor but need not.
MFA_REQUIRED_ROLES = frozenset(
    {
        Role.PROGRAM_MANAGER,
        Role.ACCOUNTANT,
        Role.CITY_OFFICER,
        Role.INSTRUCTOR,
        Role.COURSE_AUTHOR,
        Role.SAFETY_OFFICER,
        Role.PARTNER_TEACHER,
        Role.COMPANY_ADMIN,
        Role.ORG_ADMIN,
    }
)
# Besides the person and the program office, who may read sensitive records in clear (travel and safety).
RECORD_READER_ROLES = frozenset({Role.SAFETY_OFFICER})


def mfa_required_for(user: User) -> bool:
    """One query: any active membership, in any program, with a role that needs a second factor."""
    from kakehashi.accounts.models import Membership

    if user.is_superuser or user.is_staff:
        return True
    return Membership.objects.filter(user=user, is_active=True, role__in=MFA_REQUIRED_ROLES).exists()


def has_second_factor(user: User) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def can_handle_deletion_requests(viewer: Viewer) -> bool:
    return viewer.is_program_office


def can_read_records(viewer: Viewer) -> bool:
    """Open the sensitive records of other people (each read in clear is recorded)."""
    return viewer.is_program_office or viewer.has_role(*RECORD_READER_ROLES)


def can_reveal_record(viewer: Viewer, record: PersonalRecord) -> bool:
    return record.user_id == viewer.user.pk or can_read_records(viewer)


def can_audit_sensitive_reads(viewer: Viewer) -> bool:
    """See who read whose sensitive data in clear: the platform administrator (every read) and the
    program managers (reads of the people of their program). Never the values read: they are not kept.

    Not the accountant (program office, but auditing reads is no part of handling money), and not the
    travel and safety officer, whose own reads are among those audited.
    """
    return viewer.is_platform_admin or viewer.has_role(Role.PROGRAM_MANAGER)
