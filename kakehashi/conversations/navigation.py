from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.conversations import rules
from kakehashi.core.permissions import Viewer


def nav_items(viewer: Viewer) -> list[tuple[str, str]]:
    """No query here: the menu is drawn on every page."""
    if not rules.can_use(viewer):
        return []
    return [(reverse("conversations:inbox"), str(_("Messages")))]
