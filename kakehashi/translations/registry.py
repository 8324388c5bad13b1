"""Every text in the platform that people write in several languages: the TranslatedFields of all models.

Found by looking at the models, so a model moved onto TranslatedField shows up here with no registration.
Which records a program office may translate: those of its program (a model's `program` field, or the
path in its `translation_program_path` attribute), and reference content that belongs to no program.
"""

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models

from kakehashi.core.multilingual.fields import TranslatedField


@dataclass(frozen=True)
class TranslatedModel:
    key: str  # "learning.course": stable, written into the workbook
    model: type[models.Model]
    fields: tuple[str, ...]
    program_path: str | None  # None: content shared by every program

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)

    def field(self, name: str) -> TranslatedField:
        field = self.model._meta.get_field(name)
        assert isinstance(field, TranslatedField)
        return field

    def field_label(self, name: str) -> str:
        return str(self.field(name).verbose_name)


@cache
def translated_models() -> tuple[TranslatedModel, ...]:
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("kakehashi."):
            continue
        fields = tuple(f.name for f in model._meta.get_fields() if isinstance(f, TranslatedField))
        if fields:
            found.append(
                TranslatedModel(
                    key=model._meta.label_lower,
                    model=model,
                    fields=fields,
                    program_path=_program_path(model),
                )
            )
    return tuple(sorted(found, key=lambda entry: entry.key))


def _program_path(model: type[models.Model]) -> str | None:
    declared = getattr(model, "translation_program_path", None)
    if declared is not None:
        return declared or None
    try:
        field = model._meta.get_field("program")
    except Exception:
        return None
    return "program" if field.is_relation else None


def translated_model(key: str) -> TranslatedModel | None:
    return next((entry for entry in translated_models() if entry.key == key), None)
