"""Uploaded files leave storage with the record that held them: replaced, deleted, expired or erased.

Connected for every model with a FileField when the privacy app starts (`connect_all`), so a new model with
a file is covered without anyone remembering:

- a record saved with a different file: the old file is deleted;
- a record deleted (by a service, by retention's `QuerySet.delete()`, by a cascade): its files are deleted;
- `clear_files(queryset, "cv")`: empties a file field in bulk (erasure) and deletes the files.

Deletion happens when the transaction commits (a rolled-back change keeps its file) and through
`field.storage.delete`, so it works the same with object storage. A file another row still names is kept.
"""

from __future__ import annotations

from typing import Any

from django.db import models, router, transaction
from django.db.models.signals import post_delete, post_save, pre_save

OLD_NAMES = "_kakehashi_stored_file_names"


def file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _delete_when_committed(model: type[models.Model], field: models.FileField, name: str) -> None:
    if not name:
        return
    using = router.db_for_write(model)

    def delete() -> None:
        # Another row may name the same file (a copied record); then it stays.
        if model._base_manager.using(using).filter(**{field.name: name}).exists():
            return
        field.storage.delete(name)

    transaction.on_commit(delete, using=using)


def _remember(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.pk is None or instance._state.adding:
        return
    fields = file_fields(sender)
    update_fields = kwargs.get("update_fields")
    if update_fields is not None:
        fields = [f for f in fields if f.name in update_fields]
    if not fields:
        return
    row = sender._base_manager.filter(pk=instance.pk).values_list(*(f.attname for f in fields)).first()
    if row is not None:
        setattr(instance, OLD_NAMES, dict(zip((f.name for f in fields), row, strict=True)))


def _delete_replaced(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    old: dict[str, str] = instance.__dict__.pop(OLD_NAMES, None) or {}
    for field in file_fields(sender):
        previous = old.get(field.name)
        current = getattr(instance, field.attname)
        if previous and previous != (current.name if current else ""):
            _delete_when_committed(sender, field, previous)


def _delete_with_record(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    for field in file_fields(sender):
        value = getattr(instance, field.attname)
        if value:
            _delete_when_committed(sender, field, value.name)


def clear_files(queryset: models.QuerySet[Any], field_name: str) -> int:
    """Empty `field_name` on every row of the queryset and delete the stored files; returns how many."""
    model = queryset.model
    field = model._meta.get_field(field_name)
    assert isinstance(field, models.FileField)
    names = list(queryset.exclude(**{field_name: ""}).values_list(field_name, flat=True).distinct())
    queryset.exclude(**{field_name: ""}).update(**{field_name: ""})
    for name in names:
        _delete_when_committed(model, field, name)
    return len(names)


def connect_all() -> None:
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.abstract or model._meta.proxy or not file_fields(model):
            continue
        uid = f"kakehashi.stored_files.{model._meta.label}"
        pre_save.connect(_remember, sender=model, dispatch_uid=f"{uid}.remember", weak=False)
        post_save.connect(_delete_replaced, sender=model, dispatch_uid=f"{uid}.replaced", weak=False)
        post_delete.connect(_delete_with_record, sender=model, dispatch_uid=f"{uid}.deleted", weak=False)
