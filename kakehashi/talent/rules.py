"""Who may do what with the talent pool.

- A student of the program joins and leaves the pool, sees who viewed and invited them, answers invitations.
- Any company of the program (its administrators and mentors), not only past hosts, searches the pool and
  opens profiles; only its administrators invite.
- The program office sees the pool; the funder sees figures only (403 here).
"""

from kakehashi.accounts.roles import Role
from kakehashi.core.permissions import Viewer


def company_ids(viewer: Viewer) -> frozenset[int]:
    return frozenset(org for org, role in viewer.roles if role in {Role.COMPANY_ADMIN, Role.MENTOR})


def inviting_company_ids(viewer: Viewer) -> frozenset[int]:
    return frozenset(org for org, role in viewer.roles if role == Role.COMPANY_ADMIN)


def can_join(viewer: Viewer) -> bool:
    return viewer.has_role(Role.STUDENT)


def can_search(viewer: Viewer) -> bool:
    return bool(company_ids(viewer)) or viewer.is_program_office


def can_invite(viewer: Viewer) -> bool:
    return bool(inviting_company_ids(viewer))
