"""Search and sort texts written in several languages, in the database."""

from collections.abc import Sequence
from functools import reduce
from operator import or_

from django.db.models import Q, TextField, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, NullIf

from kakehashi.core.multilingual.text import content_languages, fallback_chain


def translated_contains(field: str, text: str) -> Q:
    """Rows whose `field` contains `text` in any configured language (a Mongolian coordinator finds a
    company by its Mongolian name, a Japanese one by its Japanese name)."""
    return reduce(or_, (Q(**{f"{field}__{code}__icontains": text}) for code in content_languages()))


# A model's default ordering (Meta.ordering) is part of its migration state: it names its languages
# itself, so that adding a language to settings.LANGUAGES changes no model and needs no migration.
DEFAULT_ORDER_LANGUAGES = ("en", "ja", "mn")


def translated_order(
    field: str, language: str | None = None, *, languages: Sequence[str] | None = None
) -> Coalesce:
    """An ordering expression: the text as the reader sees it (their language, then the fallback chain).
    Use `.order_by(translated_order("title"))` or `.desc()`; `field` may follow relations
    (`translated_order("company__name")`). `languages` gives the chain itself (for Meta.ordering:
    `translated_order("name", languages=DEFAULT_ORDER_LANGUAGES)`)."""
    # Not KT("company__name__en"): KT reads every part after the first as a JSON key, so it cannot follow
    # a relation; KeyTextTransform(code, "company__name") resolves the path as F() does.
    return Coalesce(
        *(
            NullIf(KeyTextTransform(code, field), Value(""))
            for code in (languages or fallback_chain(language))
        ),
        Value(""),
        output_field=TextField(),  # a key's text and "" are of two field types: say which the result is
    )


def missing_language(field: str, language: str) -> Q:
    """Rows with no text in `language` (for the page that lists what is left to translate)."""
    return Q(**{f"{field}__{language}__isnull": True}) | Q(**{f"{field}__{language}": ""})
