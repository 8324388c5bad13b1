"""Who may do what with job offers, hires and the alumni directory.

- The student sees their own offers and hire; the company (administrator, mentor) sees its own;
  the student's college (partner teacher) sees its students'; the program office and the NGO see all.
- Only a company administrator makes or withdraws an offer; only the student answers it.
- The funder sees the counts (careers.selectors), never the people (403).
"""

from django.db.models import Q

from kakehashi.accounts.roles import Role
from kakehashi.careers.models import Hire, JobOffer, OfferStatus, RetentionCheck
from kakehashi.core.permissions import Viewer


def _orgs_with(viewer: Viewer, *roles: str) -> frozenset[int]:
    return frozenset(org for org, role in viewer.roles if role in roles)


def admin_company_ids(viewer: Viewer) -> frozenset[int]:
    return _orgs_with(viewer, Role.COMPANY_ADMIN)


def company_ids(viewer: Viewer) -> frozenset[int]:
    return _orgs_with(viewer, Role.COMPANY_ADMIN, Role.MENTOR)


def sees_all(viewer: Viewer) -> bool:
    return viewer.is_program_office or viewer.has_role(Role.NGO_COORDINATOR)


def can_list(viewer: Viewer) -> bool:
    return not viewer.is_funder_only


def scope(
    viewer: Viewer, *, person: str, company: str = "company_id", college: str = "college_id"
) -> Q | None:
    """The rows the viewer may see; None means all of them."""
    if viewer.is_platform_admin:
        return None
    mine = Q(**{person: viewer.user.pk})
    if viewer.program is None:
        return mine
    in_program = Q(program_id=viewer.program.pk)
    if sees_all(viewer):
        return mine | in_program
    if companies := company_ids(viewer):
        mine |= in_program & Q(**{f"{company}__in": companies})
    if colleges := _orgs_with(viewer, Role.PARTNER_TEACHER):
        mine |= in_program & Q(**{f"{college}__in": colleges})
    return mine


def can_make_offers(viewer: Viewer) -> bool:
    return bool(admin_company_ids(viewer))


def can_respond(viewer: Viewer, offer: JobOffer) -> bool:
    return offer.student_id == viewer.user.pk and offer.status == OfferStatus.OFFERED


def can_withdraw(viewer: Viewer, offer: JobOffer) -> bool:
    return offer.company_id in admin_company_ids(viewer) and offer.status == OfferStatus.OFFERED


def can_update_hire(viewer: Viewer, hire: Hire) -> bool:
    return hire.company_id in admin_company_ids(viewer) or (
        viewer.is_program_office
        and (
            viewer.is_platform_admin or (viewer.program is not None and viewer.program.pk == hire.program_id)
        )
    )


def retention_side(viewer: Viewer, check: RetentionCheck) -> str | None:
    """'employee' or 'company' for the side the viewer answers for, else None."""
    if check.hire.employee_id == viewer.user.pk:
        return "employee"
    if check.hire.company_id in admin_company_ids(viewer):
        return "company"
    return None


def can_keep_alumni_profile(viewer: Viewer) -> bool:
    return viewer.has_role(Role.STUDENT)


def can_browse_alumni(viewer: Viewer) -> bool:
    return viewer.is_platform_admin or (bool(viewer.roles) and not viewer.is_funder_only)
