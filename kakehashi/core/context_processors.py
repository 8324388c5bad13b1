from typing import Any

from django.http import HttpRequest

from kakehashi.core.navigation import menu_for
from kakehashi.core.permissions import can_manage_organizations, viewer_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu a person sees depends on their roles; anonymous visitors see none."""
    if not request.user.is_authenticated:
        return {}
    viewer = viewer_for(request)
    menu = menu_for(viewer)
    return {
        "viewer": viewer,
        "menu": menu,
        "nav_items": [item for area in menu.areas for item in area.items],
        "can_manage_organizations": can_manage_organizations(viewer),
    }
