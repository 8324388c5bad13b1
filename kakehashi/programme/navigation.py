from django.urls import reverse
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer
from kakehashi.programme import rules


def nav_items(viewer: Viewer) -> list[tuple[str, str]]:
    items = []
    if rules.can_view_programme(viewer):
        items.append((reverse("programme:dashboard"), _("Program management")))
        items.append((reverse("programme:budget"), _("Budget")))
        items.append((reverse("programme:report_list"), _("Reports")))
    if rules.can_view_expenses(viewer):
        items.append((reverse("programme:expense_list"), _("Expenses")))
    return items
