"""Reference data of the program: the logframe, JICA's expense categories, IATI codes and schemas."""

from functools import cache
from pathlib import Path
from typing import Any

import yaml

REFERENCE_DIR = Path(__file__).parent
IATI_SCHEMA = REFERENCE_DIR / "iati-2.03" / "iati-activities-schema.xsd"


@cache
def load(name: str) -> Any:
    return yaml.safe_load((REFERENCE_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def category_choices() -> list[tuple[str, str]]:
    """JICA's expense categories; the Japanese name is the official one, shown in every language."""
    return [(c["key"], c["ja"]) for c in load("jica_expense_categories")["categories"]]


def category_names() -> dict[str, dict[str, str]]:
    return {c["key"]: c for c in load("jica_expense_categories")["categories"]}
