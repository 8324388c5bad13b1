from django.urls import reverse
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer
from kakehashi.talent import rules


def nav_items(viewer: Viewer) -> list[tuple[str, str]]:
    items = []
    if rules.can_join(viewer):
        items.append((reverse("talent:mine"), _("Talent pool")))
    if rules.can_search(viewer):
        items.append((reverse("talent:pool"), _("Talent pool")))
    return items
