"""Who may read, draw up and sign an intern's agreement. Services and selectors call these.

- Those who read the case's diary (the intern, the host company, the college, the safety officer and the
  program office) read the agreement; the city officer and the funder are refused (403); everyone else
  is told the case does not exist (404, by the operations selector).
- The program manager draws it up (and brings it up to date when the terms changed).
- Each party signs through its own people: the college's partner teacher, the host company's
  administrator, the intern, the program manager, and only when it is that party's turn.
"""

from kakehashi.accounts.roles import Role
from kakehashi.agreements.models import Party
from kakehashi.core.permissions import Viewer
from kakehashi.operations import rules as case_rules
from kakehashi.operations.models import InternCase

# Who signs for each party: the role, held in which organization of the case (None: any, in the program).
SIGNER_ROLES = {
    Party.COLLEGE: (Role.PARTNER_TEACHER, "college_id"),
    Party.COMPANY: (Role.COMPANY_ADMIN, "host_id"),
    Party.OFFICE: (Role.PROGRAM_MANAGER, None),
}


def _in_program(viewer: Viewer, case: InternCase) -> bool:
    return viewer.program is not None and viewer.program.pk == case.program_id


def can_read(viewer: Viewer, case: InternCase) -> bool:
    return case_rules.can_read_diary(viewer, case)


def can_draw_up(viewer: Viewer, case: InternCase) -> bool:
    return viewer.is_platform_admin or (_in_program(viewer, case) and viewer.has_role(Role.PROGRAM_MANAGER))


def signs_for(viewer: Viewer, case: InternCase, party: str) -> bool:
    if party == Party.STUDENT:
        return case.intern_id == viewer.user.pk
    if not _in_program(viewer, case):
        return False
    role, field = SIGNER_ROLES[Party(party)]
    organization = getattr(case, field) if field else None
    if field and organization is None:
        return False
    return viewer.has_role(role, organization_id=organization)


def parties_of_viewer(viewer: Viewer, case: InternCase) -> list[str]:
    return [party for party in Party.values if signs_for(viewer, case, party)]
