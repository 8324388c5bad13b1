from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.core.permissions import Viewer


def nav_items(viewer: Viewer) -> list[tuple[str, str]]:
    """Rounds are open to everyone in a program except the funder, who sees figures elsewhere."""
    if viewer.is_funder_only or viewer.program is None:
        return []
    return [(reverse("internships:round_list"), str(_("Internship rounds")))]
