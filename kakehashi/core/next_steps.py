"""What a person can do next, shown on their home page: links only to what their roles allow."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.selectors import can_import_people
from kakehashi.core.permissions import (
    Viewer,
    can_browse_people,
    can_manage_organizations,
    can_view_audit_log,
)


@dataclass(frozen=True)
class Step:
    url: str
    label: str | Promise


def for_viewer(viewer: Viewer) -> list[Step]:
    steps: list[Step] = []
    if viewer.program is None and not viewer.is_platform_admin:
        return [
            Step(
                reverse("accounts:profile"),
                _("Complete your profile while you wait for an invitation to a program."),
            )
        ]
    if can_manage_organizations(viewer):
        steps.append(Step(reverse("accounts:organization_create"), _("Add an organization to the program.")))
    for org_id in sorted(viewer.organization_ids):
        if viewer.has_role("org_admin", "company_admin", organization_id=org_id) or can_manage_organizations(
            viewer
        ):
            steps.append(
                Step(
                    reverse("accounts:member_list", args=[org_id]),
                    _("Manage the members of your organization."),
                )
            )
            break
    if can_import_people(viewer):
        steps.append(Step(reverse("accounts:import_upload"), _("Import a list of people from CSV or Excel.")))
    if can_browse_people(viewer):
        steps.append(Step(reverse("accounts:person_list"), _("Find the people you work with.")))
    if viewer.is_funder_only:
        steps.append(
            Step(reverse("accounts:program_list"), _("Read the program's period, budget and participants."))
        )
    if can_view_audit_log(viewer):
        steps.append(Step(reverse("core:audit_log"), _("Review who changed what in the audit log.")))
    steps.append(Step(reverse("mfa_index"), _("Protect your account with two-factor authentication.")))
    steps.append(Step(reverse("accounts:profile"), _("Check your profile and preferred language.")))
    return steps
