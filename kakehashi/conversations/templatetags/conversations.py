"""`{% write_to_url person as url %}`: the page that starts a conversation with `person`, or "" when the
viewer may not start one (a company: only with a student nominated to it; the program office: anyone)."""

import re
from typing import Any

from django import template
from django.urls import reverse

from kakehashi.conversations import rules, selectors
from kakehashi.core.permissions import viewer_for

register = template.Library()


@register.simple_tag(takes_context=True)
def write_to_url(context: dict[str, Any], person: Any) -> str:
    request = context.get("request")
    if request is None or person is None or not request.user.is_authenticated or person.pk == request.user.pk:
        return ""
    viewer = viewer_for(request)
    if not rules.can_use(viewer):
        return ""
    url = reverse("conversations:start", args=[person.pk])
    if rules.can_start_as_company(viewer):
        companies = sorted(rules.company_ids(viewer))
        nominated = any(
            selectors.nominated_student_ids(viewer, company_id).filter(pk=person.pk).exists()
            for company_id in companies
        )
        return url if nominated else ""
    return url if rules.can_start_as_office(viewer) else ""


JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@register.filter
def text_language(text: str) -> str:
    """The language a person wrote `text` in, guessed from its script (kana or kanji: ja; Cyrillic: mn;
    otherwise en), for its `lang` attribute: a message is shown as its author wrote it (WCAG 3.1.2)."""
    if JAPANESE.search(text or ""):
        return "ja"
    if CYRILLIC.search(text or ""):
        return "mn"
    return "en"
