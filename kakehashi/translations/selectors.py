"""What content is left to translate, scoped to the viewer's program (reference content is everyone's)."""

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from kakehashi.core.multilingual.query import missing_language
from kakehashi.core.multilingual.text import content_languages
from kakehashi.core.permissions import Viewer, require
from kakehashi.translations.models import TranslationImport
from kakehashi.translations.registry import TranslatedModel, translated_models
from kakehashi.translations.rules import can_manage_content_translations


def records_of(viewer: Viewer, entry: TranslatedModel) -> QuerySet:
    records = entry.model._default_manager.all()
    if entry.program_path is None or viewer.is_platform_admin:
        return records
    if viewer.program is None:
        return records.none()
    return records.filter(
        Q(**{f"{entry.program_path}__isnull": True}) | Q(**{entry.program_path: viewer.program})
    )


@dataclass
class FieldGaps:
    entry: TranslatedModel
    field: str
    total: int
    missing: dict[str, int] = dataclasses.field(default_factory=dict)  # language -> records without it

    @property
    def label(self) -> str:
        return self.entry.field_label(self.field)

    @property
    def cells(self) -> list[tuple[str, int]]:
        return list(self.missing.items())


def translation_gaps(viewer: Viewer) -> list[FieldGaps]:
    """Per model and field: how many records lack each language. One query per model."""
    require(can_manage_content_translations(viewer))
    languages = content_languages()
    gaps = []
    for entry in translated_models():
        counts = {"total": Count("pk")}
        for name in entry.fields:
            for code in languages:
                # An optional text nobody wrote (no language at all) is not waiting for a translation.
                counts[f"{name}__{code}"] = Count(
                    "pk", filter=missing_language(name, code) & ~Q(**{name: {}})
                )
        figures = records_of(viewer, entry).aggregate(**counts)
        if not figures["total"]:
            continue
        for name in entry.fields:
            gaps.append(
                FieldGaps(
                    entry=entry,
                    field=name,
                    total=figures["total"],
                    missing={code: figures[f"{name}__{code}"] for code in languages},
                )
            )
    return gaps


def rows_to_translate(
    viewer: Viewer, *, language: str | None, model_key: str | None
) -> Iterator[tuple[TranslatedModel, object, str]]:
    """(entry, record, field) for the workbook: every text, or only those lacking `language`."""
    require(can_manage_content_translations(viewer))
    for entry in translated_models():
        if model_key and entry.key != model_key:
            continue
        records = records_of(viewer, entry).order_by("pk")
        if language:
            lacking = Q()
            for name in entry.fields:
                lacking |= missing_language(name, language) & ~Q(**{name: {}})
            records = records.filter(lacking)
        for record in records.iterator(chunk_size=500):
            for name in entry.fields:
                text = getattr(record, name)
                if language and (text.get(language) or not text):
                    continue
                yield entry, record, name


def import_for(viewer: Viewer, import_id: int) -> TranslationImport:
    require(can_manage_content_translations(viewer))
    found = TranslationImport.objects.filter(pk=import_id, program=viewer.program).first()
    if found is None:
        raise Http404
    return found
