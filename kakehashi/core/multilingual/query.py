"""Search and sort texts written in several languages, in the database."""

from functools import reduce
from operator import or_

from django.db.models import Q, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, NullIf

from kakehashi.core.multilingual.text import content_languages, fallback_chain


def translated_contains(field: str, text: str) -> Q:
    """Rows whose `field` contains `text` in any configured language (a Mongolian coordinator finds a
    company by its Mongolian name, a Japanese one by its Japanese name)."""
    return reduce(or_, (Q(**{f"{field}__{code}__icontains": text}) for code in content_languages()))


def translated_order(field: str, language: str | None = None) -> Coalesce:
    """An ordering expression: the text as the reader sees it (their language, then the fallback chain).
    Use `.order_by(translated_order("title"))` or `.desc()`."""
    return Coalesce(
        *(NullIf(KT(f"{field}__{code}"), Value("")) for code in fallback_chain(language)), Value("")
    )


def missing_language(field: str, language: str) -> Q:
    """Rows with no text in `language` (for the page that lists what is left to translate)."""
    return Q(**{f"{field}__{language}__isnull": True}) | Q(**{f"{field}__{language}": ""})
