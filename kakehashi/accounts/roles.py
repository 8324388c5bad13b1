"""The kinds of organization and the roles a person can hold within one, as DOMAIN.md describes them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    PROGRAM_OFFICE = "program_office", _("Program office")
    CITY = "city", _("City")
    JAPANESE_COLLEGE = "japanese_college", _("Japanese college")
    PARTNER_COLLEGE = "partner_college", _("Partner college")
    NGO = "ngo", _("Student coordinator NGO")
    TELECOM = "telecom", _("Telecom partner")
    HOST_COMPANY = "host_company", _("Host company")
    FUNDER = "funder", _("Funder")


class Role(models.TextChoices):
    PROGRAM_MANAGER = "program_manager", _("Program manager")
    ACCOUNTANT = "accountant", _("Accountant")
    CITY_OFFICER = "city_officer", _("City officer")
    INSTRUCTOR = "instructor", _("Instructor")
    COURSE_AUTHOR = "course_author", _("Course author")
    SAFETY_OFFICER = "safety_officer", _("Travel and safety officer")
    PARTNER_TEACHER = "partner_teacher", _("Partner teacher")
    STUDENT = "student", _("Student")
    NGO_COORDINATOR = "ngo_coordinator", _("NGO coordinator")
    TELECOM_ENGINEER = "telecom_engineer", _("Telecom engineer")
    COMPANY_ADMIN = "company_admin", _("Company administrator")
    MENTOR = "mentor", _("Mentor")
    FUNDER_VIEWER = "funder_viewer", _("Funder viewer")
    ORG_ADMIN = "org_admin", _("Organization administrator")


# Which roles an organization of each kind can give. The organization administrator exists in every kind.
ROLES_BY_KIND: dict[str, frozenset[str]] = {
    OrganizationKind.PROGRAM_OFFICE: frozenset({Role.PROGRAM_MANAGER, Role.ACCOUNTANT}),
    OrganizationKind.CITY: frozenset({Role.CITY_OFFICER}),
    OrganizationKind.JAPANESE_COLLEGE: frozenset({Role.INSTRUCTOR, Role.COURSE_AUTHOR, Role.SAFETY_OFFICER}),
    OrganizationKind.PARTNER_COLLEGE: frozenset({Role.PARTNER_TEACHER, Role.STUDENT}),
    OrganizationKind.NGO: frozenset({Role.NGO_COORDINATOR}),
    OrganizationKind.TELECOM: frozenset({Role.TELECOM_ENGINEER}),
    OrganizationKind.HOST_COMPANY: frozenset({Role.COMPANY_ADMIN, Role.MENTOR}),
    OrganizationKind.FUNDER: frozenset({Role.FUNDER_VIEWER}),
}


def roles_allowed_for(kind: str) -> frozenset[str]:
    return ROLES_BY_KIND.get(kind, frozenset()) | {Role.ORG_ADMIN}


# Roles that administer their own organization's members.
ADMIN_ROLES = frozenset({Role.ORG_ADMIN, Role.COMPANY_ADMIN})
# Roles of the program office: they run the program and see every organization's people.
PROGRAM_OFFICE_ROLES = frozenset({Role.PROGRAM_MANAGER, Role.ACCOUNTANT})
# Roles whose work is with students of every college (teaching, coordinating); they see students' names.
STUDENT_FACING_ROLES = frozenset(
    {Role.NGO_COORDINATOR, Role.INSTRUCTOR, Role.COURSE_AUTHOR, Role.SAFETY_OFFICER}
)
