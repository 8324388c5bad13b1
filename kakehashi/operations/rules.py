"""Who may do what with an intern's case. Services and selectors call these; views never test roles.

- The intern sees their own case, with their own passport data.
- The host company (company administrator, mentor) sees the cases of its interns.
- The intern's college (partner teacher of the same organization) sees its students' cases, not passports.
- The travel and safety officer, the city officer and the program office see every case of the program.
- The city officer sees cases for living support only (arrival, stay, the checklist, check-ins, alerts,
  incidents): not the private data, and not the intern's daily reports or evaluations, which are between
  the intern, the host, the college, the safety officer and the program office.
- Other organizations do not know a case exists (404); the funder sees figures, not cases (403).
"""

from django.db.models import Q

from kakehashi.accounts.roles import Role
from kakehashi.core.permissions import Viewer
from kakehashi.operations.models import Alert, EvaluationKind, Incident, InternCase, SupportTask

CASE_WIDE_ROLES = (Role.SAFETY_OFFICER, Role.CITY_OFFICER)
# Who sees every case's daily reports and evaluations (the city's living support does not need them).
DIARY_WIDE_ROLES = (Role.SAFETY_OFFICER,)
SENSITIVE_ROLES = (Role.SAFETY_OFFICER,)
HOST_ROLES = (Role.COMPANY_ADMIN, Role.MENTOR)


def _orgs_with(viewer: Viewer, *roles: str) -> frozenset[int]:
    return frozenset(org for org, role in viewer.roles if role in roles)


def host_ids(viewer: Viewer) -> frozenset[int]:
    return _orgs_with(viewer, *HOST_ROLES)


def college_ids(viewer: Viewer) -> frozenset[int]:
    return _orgs_with(viewer, Role.PARTNER_TEACHER)


def sees_all_cases(viewer: Viewer) -> bool:
    return viewer.is_program_office or viewer.has_role(*CASE_WIDE_ROLES)


def can_list_cases(viewer: Viewer) -> bool:
    return not viewer.is_funder_only


def case_scope(viewer: Viewer, *, diary: bool = False) -> Q | None:
    """The cases the viewer may see, as a filter; None means every case. `diary`: the cases whose daily
    reports and evaluations the viewer may read (see `can_read_diary`)."""
    if viewer.is_platform_admin:
        return None
    scope = Q(intern_id=viewer.user.pk)
    if viewer.program is None:
        return scope
    in_program = Q(program_id=viewer.program.pk)
    wide = viewer.is_program_office or viewer.has_role(*DIARY_WIDE_ROLES) if diary else sees_all_cases(viewer)
    if wide:
        return scope | in_program
    if hosts := host_ids(viewer):
        scope |= in_program & Q(host_id__in=hosts)
    if colleges := college_ids(viewer):
        scope |= in_program & Q(college_id__in=colleges)
    return scope


def _in_program(viewer: Viewer, case: InternCase) -> bool:
    return viewer.is_platform_admin or (viewer.program is not None and viewer.program.pk == case.program_id)


def is_intern(viewer: Viewer, case: InternCase) -> bool:
    return case.intern_id == viewer.user.pk


def is_host(viewer: Viewer, case: InternCase) -> bool:
    return _in_program(viewer, case) and case.host_id in host_ids(viewer)


def can_see_case(viewer: Viewer, case: InternCase) -> bool:
    if is_intern(viewer, case) or viewer.is_platform_admin:
        return True
    if not _in_program(viewer, case):
        return False
    return (
        sees_all_cases(viewer)
        or case.host_id in host_ids(viewer)
        or (case.college_id is not None and case.college_id in college_ids(viewer))
    )


def can_read_diary(viewer: Viewer, case: InternCase) -> bool:
    """The intern's daily reports and evaluations: everyone who sees the case but the city officer."""
    if is_intern(viewer, case) or viewer.is_platform_admin:
        return True
    if not _in_program(viewer, case):
        return False
    return (
        viewer.is_program_office
        or viewer.has_role(*DIARY_WIDE_ROLES)
        or case.host_id in host_ids(viewer)
        or (case.college_id is not None and case.college_id in college_ids(viewer))
    )


def can_see_sensitive(viewer: Viewer, case: InternCase) -> bool:
    """Passport and residence card numbers, address, health notes and emergency contacts."""
    return is_intern(viewer, case) or (
        _in_program(viewer, case) and (viewer.is_program_office or viewer.has_role(*SENSITIVE_ROLES))
    )


def can_edit_stay(viewer: Viewer, case: InternCase) -> bool:
    return _in_program(viewer, case) and (viewer.is_program_office or viewer.has_role(*SENSITIVE_ROLES))


def can_see_board(viewer: Viewer) -> bool:
    return sees_all_cases(viewer)


def can_edit_support_items(viewer: Viewer) -> bool:
    return viewer.is_platform_admin or viewer.has_role(Role.PROGRAM_MANAGER)


def can_update_task(viewer: Viewer, task: SupportTask) -> bool:
    """The organization that owns the item, or the program office."""
    case = task.case
    if not _in_program(viewer, case):
        return False
    return viewer.is_program_office or (
        task.owner_id is not None and task.owner_id in viewer.organization_ids
    )


def can_check_in(viewer: Viewer, case: InternCase) -> bool:
    return is_intern(viewer, case)


def can_see_alerts(viewer: Viewer) -> bool:
    return sees_all_cases(viewer)


def can_acknowledge(viewer: Viewer, alert: Alert) -> bool:
    return _in_program(viewer, alert.case) and sees_all_cases(viewer)


def can_edit_safety_settings(viewer: Viewer) -> bool:
    """The timings of the program's safety ladder: the program manager."""
    return viewer.is_platform_admin or viewer.has_role(Role.PROGRAM_MANAGER)


def can_open_call_lists(viewer: Viewer) -> bool:
    """Whether the alert list links to call lists (each one is checked by `can_use_call_list`)."""
    return viewer.is_program_office or viewer.has_role(*SENSITIVE_ROLES)


def can_use_call_list(viewer: Viewer, alert: Alert) -> bool:
    """The call list of an alert (the intern's telephone and emergency contacts): the safety officer and
    the program office of the program."""
    return can_see_sensitive(viewer, alert.case) and not is_intern(viewer, alert.case)


def can_report_incident(viewer: Viewer, case: InternCase) -> bool:
    return can_see_case(viewer, case)


def can_close_incident(viewer: Viewer, incident: Incident) -> bool:
    return _in_program(viewer, incident.case) and (
        viewer.is_program_office or viewer.has_role(Role.SAFETY_OFFICER)
    )


def can_write_report(viewer: Viewer, case: InternCase) -> bool:
    return is_intern(viewer, case)


def can_comment_report(viewer: Viewer, case: InternCase) -> bool:
    """The mentor (or the company administrator) of the host company."""
    return is_host(viewer, case)


def can_evaluate(viewer: Viewer, case: InternCase, kind: str) -> bool:
    if kind == EvaluationKind.OF_INTERN:
        return is_host(viewer, case)
    return is_intern(viewer, case)


def follows_safety(viewer: Viewer) -> bool:
    """Whose home lists the open alerts, incidents and blocked living-support items: the safety officer,
    the city officer, the program manager (the accountant sees them on the board, not as work to do)."""
    return viewer.is_platform_admin or viewer.has_role(
        Role.SAFETY_OFFICER, Role.CITY_OFFICER, Role.PROGRAM_MANAGER
    )


# --- the status-of-residence pack (kakehashi.operations.residence_pack) --------------------------------


def can_see_residence_pack(viewer: Viewer, case: InternCase) -> bool:
    """The list of the pack's documents and its status: everyone who sees the case (the intern too)."""
    return can_see_case(viewer, case)


def can_build_residence_pack(viewer: Viewer, case: InternCase) -> bool:
    """The program office and the administrator of the case's host company generate and download it all."""
    return _in_program(viewer, case) and (
        viewer.is_program_office or case.host_id in _orgs_with(viewer, Role.COMPANY_ADMIN)
    )


def can_download_pack_document(viewer: Viewer, case: InternCase, prepared_by: str) -> bool:
    """One document of the pack: who may build the pack, and the partner teacher of the case's college for
    the letters the college signs."""
    from kakehashi.operations.residence_pack import COLLEGE

    if can_build_residence_pack(viewer, case):
        return True
    return (
        prepared_by == COLLEGE
        and _in_program(viewer, case)
        and case.college_id is not None
        and case.college_id in college_ids(viewer)
    )
