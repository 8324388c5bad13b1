from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.careers import rules
from kakehashi.core.permissions import Viewer


def nav_items(viewer: Viewer) -> list[tuple[str, str]]:
    """No query here: the menu is drawn on every page."""
    if viewer.program is None or not rules.can_list(viewer):
        return []
    return [(reverse("careers:offer_list"), str(_("Job offers")))]
