"""Who may do what with host companies, their readiness and network support requests."""

from kakehashi.accounts.roles import Role
from kakehashi.core.permissions import Viewer

# Roles of the partner college that may ask their telecom partner for network help.
COLLEGE_REQUESTER_ROLES = (Role.PARTNER_TEACHER, Role.ORG_ADMIN)


def can_view_pipeline(viewer: Viewer) -> bool:
    """The outreach pipeline: the city and the program office (the accountant reads it)."""
    return viewer.is_platform_admin or viewer.has_role(
        Role.CITY_OFFICER, Role.PROGRAM_MANAGER, Role.ACCOUNTANT
    )


def can_edit_pipeline(viewer: Viewer) -> bool:
    return viewer.is_platform_admin or viewer.has_role(Role.CITY_OFFICER, Role.PROGRAM_MANAGER)


def can_view_company(viewer: Viewer, organization_id: int) -> bool:
    """A company's profile and readiness: the pipeline's people, and the company's own people."""
    return can_view_pipeline(viewer) or viewer.has_role(
        Role.COMPANY_ADMIN, Role.MENTOR, organization_id=organization_id
    )


def can_edit_company(viewer: Viewer, organization_id: int) -> bool:
    return can_edit_pipeline(viewer) or viewer.has_role(Role.COMPANY_ADMIN, organization_id=organization_id)


def can_answer_readiness(viewer: Viewer, organization_id: int) -> bool:
    return viewer.is_platform_admin or viewer.has_role(Role.COMPANY_ADMIN, organization_id=organization_id)


def can_verify_readiness(viewer: Viewer) -> bool:
    return viewer.is_platform_admin or viewer.has_role(Role.CITY_OFFICER, Role.PROGRAM_MANAGER)


def can_edit_readiness_items(viewer: Viewer) -> bool:
    return viewer.is_platform_admin or viewer.has_role(Role.PROGRAM_MANAGER)


def can_view_dashboard(viewer: Viewer) -> bool:
    """Figures of the pipeline and of readiness; the funder sees them without names."""
    return can_view_pipeline(viewer) or viewer.has_role(Role.FUNDER_VIEWER)


def can_see_names_on_dashboard(viewer: Viewer) -> bool:
    return can_view_pipeline(viewer)


def support_requester_organization_ids(viewer: Viewer) -> frozenset[int]:
    """Organizations on whose behalf the viewer may ask for network help."""
    return frozenset(
        org for org, role in viewer.roles if role == Role.COMPANY_ADMIN or role in COLLEGE_REQUESTER_ROLES
    )


def telecom_organization_ids(viewer: Viewer) -> frozenset[int]:
    return frozenset(org for org, role in viewer.roles if role == Role.TELECOM_ENGINEER)


def can_oversee_support(viewer: Viewer) -> bool:
    """The program office follows every network request."""
    return viewer.is_program_office


def can_use_support_requests(viewer: Viewer) -> bool:
    return (
        can_oversee_support(viewer)
        or bool(telecom_organization_ids(viewer))
        or bool(support_requester_organization_ids(viewer))
    )


def can_create_support_request(viewer: Viewer) -> bool:
    return bool(support_requester_organization_ids(viewer))


def can_handle_support_request(viewer: Viewer, telecom_id: int) -> bool:
    """Change the status: the engineers of the telecom partner it was sent to, and the program office."""
    return viewer.is_platform_admin or viewer.has_role(Role.TELECOM_ENGINEER, organization_id=telecom_id)


def can_close_support_request(viewer: Viewer, requester_id: int, telecom_id: int) -> bool:
    return can_handle_support_request(
        viewer, telecom_id
    ) or requester_id in support_requester_organization_ids(viewer)
