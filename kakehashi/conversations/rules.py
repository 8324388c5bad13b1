"""Who may do what with conversations. Services and selectors call these; views never test roles.

- A thread has two sides: the host company (its administrators and mentors) or the program office (its
  program managers and accountants), and one person. Both sides, and anyone added to the thread (an
  interpreter), read and write it.
- A company writes only to a student nominated to it (a confirmed nomination who ranked one of its places)
  or interning with it; the program office writes to anyone in the program; anyone in the program writes
  to the program office.
- Duty of care: the partner teachers of the student's college and the NGO coordinators of the program read
  a student's threads, without writing unless they are added.
- A read by someone who is not part of the thread (duty of care, the platform administrator) is recorded
  as a read of the person's data (kakehashi.privacy SensitiveRead); the people of the thread are not.
- The funder sees no conversation (403); a thread the viewer may not read does not exist for them (404).
"""

from django.db.models import Q

from kakehashi.accounts.roles import PROGRAM_OFFICE_ROLES, Role
from kakehashi.conversations.models import Side, Thread
from kakehashi.core.permissions import Viewer

HOST_ROLES = frozenset({Role.COMPANY_ADMIN, Role.MENTOR})
OFFICE_ROLES = PROGRAM_OFFICE_ROLES
SIDE_ROLES = {Side.COMPANY: HOST_ROLES, Side.OFFICE: OFFICE_ROLES}


def _orgs_with(viewer: Viewer, roles: frozenset[str]) -> frozenset[int]:
    return frozenset(org for org, role in viewer.roles if role in roles)


def company_ids(viewer: Viewer) -> frozenset[int]:
    return _orgs_with(viewer, HOST_ROLES)


def office_ids(viewer: Viewer) -> frozenset[int]:
    return _orgs_with(viewer, OFFICE_ROLES)


def college_ids(viewer: Viewer) -> frozenset[int]:
    return _orgs_with(viewer, frozenset({Role.PARTNER_TEACHER}))


def is_coordinator(viewer: Viewer) -> bool:
    return viewer.has_role(Role.NGO_COORDINATOR)


def can_use(viewer: Viewer) -> bool:
    """The inbox: everyone in a program but the funder, who sees figures, not people."""
    return viewer.is_platform_admin or (viewer.program is not None and not viewer.is_funder_only)


def is_office(viewer: Viewer) -> bool:
    return viewer.is_platform_admin or bool(office_ids(viewer))


def member_scope(viewer: Viewer) -> Q:
    """Threads the viewer is part of (a side, the person, or added): they write there and their unread
    messages count."""
    user = viewer.user
    scope = Q(person_id=user.pk) | Q(participants__user_id=user.pk)
    if viewer.program is None:
        return scope
    in_program = Q(program_id=viewer.program.pk)
    if companies := company_ids(viewer):
        scope |= in_program & Q(side=Side.COMPANY, organization_id__in=companies)
    if is_office(viewer):
        scope |= in_program & Q(side=Side.OFFICE)
    return scope


def read_scope(viewer: Viewer) -> Q | None:
    """Threads the viewer may read: theirs, and their students' (duty of care). None: every thread."""
    if viewer.is_platform_admin:
        return None
    scope = member_scope(viewer)
    if viewer.program is None:
        return scope
    in_program = Q(program_id=viewer.program.pk)
    if is_coordinator(viewer):
        scope |= in_program & Q(college__isnull=False)
    if colleges := college_ids(viewer):
        scope |= in_program & Q(college_id__in=colleges)
    return scope


def _in_program(viewer: Viewer, thread: Thread) -> bool:
    return viewer.is_platform_admin or (viewer.program is not None and viewer.program.pk == thread.program_id)


def is_side(viewer: Viewer, thread: Thread) -> bool:
    if not _in_program(viewer, thread):
        return False
    if thread.side == Side.OFFICE:
        return is_office(viewer)
    return thread.organization_id in company_ids(viewer)


def can_write(viewer: Viewer, thread: Thread, participant_ids: frozenset[int] = frozenset()) -> bool:
    """Both sides and the people added; the duty-of-care readers only read."""
    return thread.person_id == viewer.user.pk or viewer.user.pk in participant_ids or is_side(viewer, thread)


def read_is_recorded(viewer: Viewer, thread: Thread, participant_ids: frozenset[int] = frozenset()) -> bool:
    """A reader who is not part of the thread (a partner teacher, an NGO coordinator, a platform
    administrator reading a company's thread): each opening is recorded as a read of the person's data.
    The people of the thread read their own conversation and are not recorded per read."""
    return not can_write(viewer, thread, participant_ids)


def can_request_interpreter(viewer: Viewer, thread: Thread, participant_ids: frozenset[int]) -> bool:
    return can_write(viewer, thread, participant_ids)


def can_start_as_company(viewer: Viewer) -> bool:
    return bool(company_ids(viewer))


def can_start_as_office(viewer: Viewer) -> bool:
    return is_office(viewer) and viewer.program is not None


def can_write_to_office(viewer: Viewer) -> bool:
    """Anyone in the program asks the program office (the office itself starts threads instead)."""
    return viewer.program is not None and can_use(viewer) and not is_office(viewer)
