"""The readiness areas and items of reference/readiness_items.yaml (in ja, mn and en), loaded by key
(idempotent).

Items the program office edited keep their wording: missing areas and items are created, and an area or
item that still reads as the reference in every language it is written in gets the languages it lacks.
"""

from pathlib import Path
from typing import Any

import yaml

REFERENCE_DIR = Path(__file__).parent / "reference"
LANGUAGES = ("ja", "mn", "en")


def readiness_entries() -> list[dict[str, Any]]:
    return yaml.safe_load((REFERENCE_DIR / "readiness_items.yaml").read_text(encoding="utf-8"))


def texts_of(entry: dict[str, Any]) -> dict[str, str]:
    """{language: text} of one area or item of the file."""
    return {code: entry[code] for code in LANGUAGES if entry.get(code)}


def _complete(row: Any, reference: dict[str, str]) -> None:
    """Adds the reference's missing languages to a row nobody reworded (what it has matches the reference)."""
    current = dict(row.title or {})
    if any(reference.get(code) != text for code, text in current.items()):
        return
    if set(reference) - set(current):
        row.title = {**reference, **current}
        row.save(update_fields=["title"])


def load_readiness_items(area_model: Any = None, item_model: Any = None) -> None:
    """Create the areas and items that do not exist yet, and complete the languages of untouched ones.
    Models may be given (a data migration does)."""
    if area_model is None or item_model is None:
        from kakehashi.companies.models import ReadinessArea, ReadinessItem

        area_model, item_model = ReadinessArea, ReadinessItem
    for area_position, entry in enumerate(readiness_entries(), start=1):
        area, created = area_model.objects.get_or_create(
            key=entry["area"], defaults={"title": texts_of(entry), "position": area_position}
        )
        if not created:
            _complete(area, texts_of(entry))
        for item_position, item in enumerate(entry["items"], start=1):
            row, created = item_model.objects.get_or_create(
                key=item["key"],
                defaults={
                    "area": area,
                    "title": texts_of(item),
                    "required": item.get("required", True),
                    "position": item_position,
                },
            )
            if not created:
                _complete(row, texts_of(item))
