"""{% pwa_head %}: the manifest link, who the page is for (for static/js/pwa.js) and the outbox's texts in the
page's language, and the two scripts of the installable app (kakehashi.core.pwa)."""

from typing import Any

from django import template
from django.utils import translation

from kakehashi.core.pwa import user_token

register = template.Library()


@register.inclusion_tag("pwa/head.html", takes_context=True)
def pwa_head(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    return {
        "language": translation.get_language(),
        "token": user_token(getattr(request, "user", None)),
    }
