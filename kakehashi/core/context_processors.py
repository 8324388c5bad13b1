from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.core.permissions import (
    can_browse_people,
    can_manage_organizations,
    can_manage_scheduled_jobs,
    can_view_audit_log,
    viewer_for,
)
from kakehashi.core.registry import app_modules


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu a person sees depends on their roles; anonymous visitors see none."""
    if not request.user.is_authenticated:
        return {}
    viewer = viewer_for(request)
    items = [(reverse("core:home"), _("Home"))]
    items.append((reverse("accounts:program_list"), _("Programs")))
    items.append((reverse("accounts:organization_list"), _("Organizations")))
    if can_browse_people(viewer):
        items.append((reverse("accounts:person_list"), _("People")))
    for app, module in app_modules("navigation"):
        if app != "accounts":
            items.extend(module.nav_items(viewer))
    if can_view_audit_log(viewer):
        items.append((reverse("core:audit_log"), _("Audit log")))
    if can_manage_scheduled_jobs(viewer):
        items.append((reverse("core:job_list"), _("Periodic jobs")))
    return {
        "viewer": viewer,
        "nav_items": items,
        "can_manage_organizations": can_manage_organizations(viewer),
    }
