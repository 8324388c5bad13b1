"""The django-ninja (pydantic) type of a text written in several languages: {"ja": "…", "mn": "…"}."""

from typing import Annotated

from pydantic import AfterValidator

from kakehashi.core.multilingual.text import TranslatedText, content_languages


def _configured_languages_only(value: dict[str, str]) -> dict[str, str]:
    unknown = sorted(set(value) - set(content_languages()))
    if unknown:
        raise ValueError(
            f"unknown language code(s): {', '.join(unknown)}; use {', '.join(content_languages())}"
        )
    return dict(TranslatedText(value))


TranslatedSchemaText = Annotated[dict[str, str], AfterValidator(_configured_languages_only)]
