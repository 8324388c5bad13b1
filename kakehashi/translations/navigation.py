from django.urls import reverse
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer
from kakehashi.translations.rules import can_manage_content_translations


def nav_items(viewer: Viewer) -> list[tuple[str, str]]:
    if can_manage_content_translations(viewer):
        return [(reverse("translations:overview"), _("Content translations"))]
    return []
