"""Reference data of the program: the logframe, JICA's expense categories, IATI codes and schemas."""

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.functional import lazy

from kakehashi.core.multilingual.text import TranslatedText

REFERENCE_DIR = Path(__file__).parent
IATI_SCHEMA = REFERENCE_DIR / "iati-2.03" / "iati-activities-schema.xsd"


@cache
def load(name: str) -> Any:
    return yaml.safe_load((REFERENCE_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def _name_in_reader_language(names: dict[str, str]) -> str:
    return TranslatedText({code: names[code] for code in ("ja", "mn", "en") if names.get(code)}).in_language()


_named = lazy(_name_in_reader_language, str)


def category_choices() -> list[tuple[str, Any]]:
    """JICA's expense categories, each named in the reader's language when it is shown (a lazy label).
    The Japanese name is the official one: the Japanese reports print it (category_names)."""
    return [(c["key"], _named(c)) for c in load("jica_expense_categories")["categories"]]


def category_names() -> dict[str, dict[str, str]]:
    return {c["key"]: c for c in load("jica_expense_categories")["categories"]}
