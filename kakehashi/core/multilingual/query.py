"""Search and sort texts written in several languages, in the database."""

import re
from collections.abc import Sequence
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Func, Q, TextField
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, NullIf

from kakehashi.core.multilingual.text import content_languages, fallback_chain


def translated_contains(field: str, text: str) -> Q:
    """Rows whose `field` contains `text` in any configured language (a Mongolian coordinator finds a
    company by its Mongolian name, a Japanese one by its Japanese name)."""
    return reduce(or_, (Q(**{f"{field}__{code}__icontains": text}) for code in content_languages()))


_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})?")


class TextInLanguage(KeyTextTransform):
    """A language's text of a translated field, the language code written into the statement rather than
    passed as a parameter. With the parameters sent apart (server-side binding, settings.py), PostgreSQL
    takes `name ->> $1` in the ORDER BY and `name ->> $5` in the select list of a DISTINCT for two
    expressions and refuses the query; written in, both are `name ->> 'en'`. Only a language code
    (settings.LANGUAGES) is ever written in."""

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, tuple[str | int, ...]]:
        lhs, params, key_transforms = self.preprocess_lhs(compiler, connection)
        if len(key_transforms) > 1 or not _LANGUAGE_CODE.fullmatch(self.key_name):
            return super().as_postgresql(compiler, connection)  # type: ignore[no-any-return]
        return f"({lhs} {self.postgres_operator} '{self.key_name}')", tuple(params)


class EmptyText(Func):
    """'' written into the statement, for the same reason."""

    template = "''"
    output_field = TextField()


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
            NullIf(TextInLanguage(code, field), EmptyText())
            for code in (languages or fallback_chain(language))
        ),
        EmptyText(),
        output_field=TextField(),  # a key's text and "" are of two field types: say which the result is
    )


def missing_language(field: str, language: str) -> Q:
    """Rows with no text in `language` (for the page that lists what is left to translate)."""
    return Q(**{f"{field}__{language}__isnull": True}) | Q(**{f"{field}__{language}": ""})
