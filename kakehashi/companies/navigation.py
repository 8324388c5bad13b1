from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.companies import rules
from kakehashi.core.permissions import Viewer


def nav_items(viewer: Viewer) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    if rules.can_view_pipeline(viewer):
        items.append((reverse("companies:board"), str(_("Company pipeline"))))
    if rules.can_view_dashboard(viewer):
        items.append((reverse("companies:dashboard"), str(_("Company dashboard"))))
    if viewer.has_role("company_admin", "mentor"):
        items.append((reverse("companies:my_company"), str(_("Our readiness"))))
    if rules.can_use_support_requests(viewer):
        items.append((reverse("companies:support_list"), str(_("Network support"))))
    return items
