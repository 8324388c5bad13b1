from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.core.permissions import Viewer
from kakehashi.internships import rules


def nav_items(viewer: Viewer) -> list[tuple[str, str]]:
    """Rounds are open to everyone in a program except the funder, who sees figures elsewhere."""
    if viewer.is_funder_only or viewer.program is None:
        return []
    items = [(reverse("internships:round_list"), str(_("Internship rounds")))]
    if rules.can_submit_japanese(viewer):
        items.append((reverse("internships:my_japanese"), str(_("My Japanese test results"))))
    if rules.can_verify_japanese(viewer):
        items.append((reverse("internships:japanese_review_list"), str(_("Japanese results to verify"))))
    return items
