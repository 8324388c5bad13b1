"""The readiness areas and items of reference/readiness_items.yaml, loaded by key (idempotent).

Items the program office edited keep their wording: only missing areas and items are created.
"""

from pathlib import Path
from typing import Any

import yaml

REFERENCE_DIR = Path(__file__).parent / "reference"


def readiness_entries() -> list[dict[str, Any]]:
    return yaml.safe_load((REFERENCE_DIR / "readiness_items.yaml").read_text(encoding="utf-8"))


def load_readiness_items(area_model: Any = None, item_model: Any = None) -> None:
    """Create the areas and items that do not exist yet. Models may be given (a data migration does)."""
    if area_model is None or item_model is None:
        from kakehashi.companies.models import ReadinessArea, ReadinessItem

        area_model, item_model = ReadinessArea, ReadinessItem
    for area_position, entry in enumerate(readiness_entries(), start=1):
        area, _created = area_model.objects.get_or_create(
            key=entry["area"],
            defaults={
                "title_en": entry["en"],
                "title_ja": entry.get("ja", ""),
                "position": area_position,
            },
        )
        for item_position, item in enumerate(entry["items"], start=1):
            item_model.objects.get_or_create(
                key=item["key"],
                defaults={
                    "area": area,
                    "title_en": item["en"],
                    "title_ja": item.get("ja", ""),
                    "title_mn": item.get("mn", ""),
                    "required": item.get("required", True),
                    "position": item_position,
                },
            )
