"""Helpers shared by the host-company views: whether a request came from htmx (so a view renders only
the fragment it swaps).
"""

from django.http import HttpRequest


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))
