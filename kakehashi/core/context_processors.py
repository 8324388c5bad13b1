from typing import Any

from django.http import HttpRequest

from kakehashi.core.navigation import drawn_menu_for
from kakehashi.core.permissions import can_manage_organizations, viewer_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu a person sees depends on their roles; anonymous visitors see none. Its markup is drawn once
    per (roles, program, language) and current page in each process (kakehashi/core/navigation.py)."""
    if not request.user.is_authenticated:
        return {}
    viewer = viewer_for(request)
    drawn = drawn_menu_for(viewer)
    areas, account = drawn.html(request.path)
    return {
        "viewer": viewer,
        "menu": drawn.menu,
        "menu_areas": areas,
        "menu_account": account,
        "can_manage_organizations": can_manage_organizations(viewer),
    }
