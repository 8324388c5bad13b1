"""The content-translation workbook: one row per text, one column per language, for a native speaker.

The first three columns (record, id, field) say where each text goes back; the translator fills the
language columns and leaves the others alone. An empty cell changes nothing (it never deletes a text).
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kakehashi.accounts.people_import import read_rows
from kakehashi.core.exports import FORMULA_STARTS, new_workbook, workbook_bytes
from kakehashi.core.multilingual.text import content_languages
from kakehashi.translations.registry import TranslatedModel

KEY_COLUMNS = ("record", "id", "field")
MAX_ROWS = 20_000
MAX_BYTES = 8 * 1024 * 1024


def build(rows: Iterable[tuple[TranslatedModel, Any, str]]) -> bytes:
    languages = content_languages()
    book = new_workbook()
    sheet = book.active
    sheet.title = _("Translations")[:31]
    sheet.append([*KEY_COLUMNS, "what", *languages])
    for entry, record, name in rows:
        texts = getattr(record, name)
        sheet.append(
            [
                entry.key,
                record.pk,
                name,
                f"{entry.label} · {entry.field_label(name)}",
                *(texts.get(code, "") for code in languages),
            ]
        )
    sheet.freeze_panes = "E2"
    for column, width in zip("ABCD", (18, 8, 12, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for index in range(len(languages)):
        sheet.column_dimensions[chr(ord("E") + index)].width = 50
    return workbook_bytes(book)


def read(file_name: str, content: bytes) -> list[dict[str, str]]:
    rows = read_rows(file_name, content, max_bytes=MAX_BYTES)
    if not rows:
        raise ValidationError(_("The file has no rows."))
    missing = [column for column in KEY_COLUMNS if column not in rows[0]]
    if missing:
        raise ValidationError(
            _("The file lacks these columns: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if not any(code in rows[0] for code in content_languages()):
        raise ValidationError(
            _("The file has no language column (%(codes)s).") % {"codes": ", ".join(content_languages())}
        )
    if len(rows) > MAX_ROWS:
        raise ValidationError(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
    return rows


def cell_text(value: str) -> str:
    """A cell as the translator meant it: the quote the export put before a text that starts like a
    formula (kakehashi.core.exports.safe_cell) is taken off again."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
