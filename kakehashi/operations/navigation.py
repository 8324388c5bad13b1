from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.roles import Role
from kakehashi.core.permissions import Viewer
from kakehashi.operations import rules


def nav_items(viewer: Viewer) -> list[tuple[str, str]]:
    """No query here: the menu is drawn on every page."""
    items: list[tuple[str, str]] = []
    if not rules.can_list_cases(viewer) or (viewer.program is None and not viewer.is_platform_admin):
        return items
    if viewer.has_role(Role.STUDENT):
        items.append((reverse("operations:checkin"), str(_("Safety check-in"))))
        items.append((reverse("operations:my_case"), str(_("My internship"))))
    if rules.sees_all_cases(viewer) or rules.host_ids(viewer) or rules.college_ids(viewer):
        items.append((reverse("operations:case_list"), str(_("Interns"))))
    if rules.can_see_alerts(viewer):
        items.append((reverse("operations:alert_list"), str(_("Alerts"))))
    return items
