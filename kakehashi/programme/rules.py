"""Who may do what in program management.

The program office (program manager, accountant) runs everything; the accountant approves and settles
expenses; the program manager builds reports and edits the logframe; the funder reads dashboards, reports
and indicators, never people's names. Everyone else gets 403.
"""

from kakehashi.accounts.roles import Role
from kakehashi.core.permissions import Viewer


def _in_program(viewer: Viewer) -> bool:
    return viewer.program is not None


def can_view_programme(viewer: Viewer) -> bool:
    """Dashboards, indicators, reports, schedule, budget against actual."""
    return _in_program(viewer) and (viewer.is_program_office or viewer.has_role(Role.FUNDER_VIEWER))


def can_view_expenses(viewer: Viewer) -> bool:
    """The expense list and its details (payees, receipts) are the program office's."""
    return _in_program(viewer) and viewer.is_program_office


def can_enter_expense(viewer: Viewer) -> bool:
    return _in_program(viewer) and viewer.is_program_office


def can_approve_expense(viewer: Viewer) -> bool:
    return _in_program(viewer) and (viewer.is_platform_admin or viewer.has_role(Role.ACCOUNTANT))


def can_manage_logframe(viewer: Viewer) -> bool:
    return _in_program(viewer) and (viewer.is_platform_admin or viewer.has_role(Role.PROGRAM_MANAGER))


def can_manage_budget(viewer: Viewer) -> bool:
    return _in_program(viewer) and viewer.is_program_office


def can_build_reports(viewer: Viewer) -> bool:
    return _in_program(viewer) and (viewer.is_platform_admin or viewer.has_role(Role.PROGRAM_MANAGER))


def sees_personal_data(viewer: Viewer) -> bool:
    """The funder sees figures, not people: payee names of people and who entered what are hidden."""
    return viewer.is_program_office


def can_record_meetings(viewer: Viewer) -> bool:
    return _in_program(viewer) and viewer.is_program_office
