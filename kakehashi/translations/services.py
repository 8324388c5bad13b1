"""Importing content translations: check every row first, then write all of them or none."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.core.multilingual.text import TranslatedText, content_languages
from kakehashi.core.permissions import Viewer, require
from kakehashi.translations import workbook
from kakehashi.translations.models import ImportStatus, TranslationImport
from kakehashi.translations.registry import translated_model
from kakehashi.translations.rules import can_manage_content_translations
from kakehashi.translations.selectors import records_of

FIRST_DATA_ROW = 2  # the spreadsheet row of the first text, after the header


def translation_import_preview(*, viewer: Viewer, file_name: str, content: bytes) -> TranslationImport:
    require(can_manage_content_translations(viewer) and viewer.program is not None)
    assert viewer.program is not None
    rows = workbook.read(file_name, content)
    changes, errors = _check(viewer, rows)
    return TranslationImport.objects.create(
        program=viewer.program,
        uploaded_by=viewer.user,
        file_name=file_name[:200],
        changes=changes,
        errors=errors,
    )


def _check(viewer: Viewer, rows: list[dict[str, str]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    languages = [code for code in content_languages() if code in rows[0]]
    changes: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for number, row in enumerate(rows, start=FIRST_DATA_ROW):
        entry = translated_model(row.get("record", ""))
        name = row.get("field", "")
        if entry is None or name not in entry.fields:
            errors.append(
                {
                    "row": number,
                    "message": _("Unknown record or field; keep the first three columns as exported."),
                }
            )
            continue
        record = (
            records_of(viewer, entry)
            .filter(pk=row.get("id") if row.get("id", "").isdigit() else None)
            .first()
        )
        if record is None:
            errors.append({"row": number, "message": _("No such record in this program.")})
            continue
        current = getattr(record, name)
        updated = TranslatedText(current)
        for code in languages:
            text = workbook.cell_text(row.get(code, ""))
            if text:
                updated[code] = text
        if dict(updated) == dict(current):
            continue
        try:
            entry.field(name).validate(updated, record)
        except ValidationError as error:
            errors.append({"row": number, "message": " ".join(error.messages)})
            continue
        for code in languages:
            if updated.get(code) != current.get(code):
                changes.append(
                    {
                        "row": number,
                        "record": entry.key,
                        "id": record.pk,
                        "field": name,
                        "language": code,
                        "before": current.get(code, ""),
                        "after": updated[code],
                        "what": f"{entry.label} · {entry.field_label(name)} · {record}",
                    }
                )
    return changes, errors


def translation_import_apply(*, viewer: Viewer, batch: TranslationImport) -> int:
    """Writes every change, or none: if a text was edited on its page since the preview, nothing is written
    and the rows are named."""
    require(can_manage_content_translations(viewer))
    if batch.status != ImportStatus.PREVIEW or batch.errors:
        raise ValidationError(_("This import cannot be applied: it has errors or was already handled."))
    with transaction.atomic():
        stale = []
        records: dict[tuple[str, int], Any] = {}
        fields_of: dict[tuple[str, int], set[str]] = {}
        for change in batch.changes:
            entry = translated_model(change["record"])
            key = (change["record"], change["id"])
            if key not in records:
                records[key] = (
                    records_of(viewer, entry).select_for_update().filter(pk=change["id"]).first()
                    if entry
                    else None
                )
            record = records[key]
            if (
                record is None
                or getattr(record, change["field"]).get(change["language"], "") != change["before"]
            ):
                stale.append(str(change["row"]))
                continue
            text = TranslatedText(getattr(record, change["field"]))
            text[change["language"]] = change["after"]
            setattr(record, change["field"], text)
            fields_of.setdefault(key, set()).add(change["field"])
        if stale:
            raise ValidationError(
                _(
                    "Rows %(rows)s were changed on their pages since the preview; nothing was imported. Export again."
                )
                % {"rows": ", ".join(sorted(set(stale), key=int))}
            )
        for key, fields in fields_of.items():
            records[key].save(update_fields=sorted(fields))
        batch.status = ImportStatus.APPLIED
        batch.applied_at = timezone.now()
        batch.save(update_fields=["status", "applied_at", "updated_at"])
    return len(batch.changes)


def translation_import_discard(*, viewer: Viewer, batch: TranslationImport) -> None:
    require(can_manage_content_translations(viewer))
    if batch.status == ImportStatus.PREVIEW:
        batch.status = ImportStatus.DISCARDED
        batch.save(update_fields=["status", "updated_at"])
