"""Copies of a person's sort keys (names.sort_key) on the rows that list people in name order, so that a
page reads its rows from an index of their own table instead of walking everyone's.

Ordered by the person's own key, a page of a cohort of 5,000 walked the name index of all 124,701 people
to find its 25 learners, and the case board looked up each of 1,000 interns' names to sort them (issue 18).
A model that inherits `SortKeyCopy` names its person in `PERSON_FIELD` and gets the three keys:

- copied from the person when the row is created (`save`, and the manager's `bulk_create`);
- copied again whenever the person is saved with a changed name (`copy_to_rows`, on the person's post_save,
  every model at once);
- blanked with the name when the person is erased (`blank_copies_of`, accounts' part of erasure);
- never written to the audit trail: they spell the name (`AUDIT_EXCLUDED`, which the apps pass to
  auditlog; a test checks every such model).

A name changed by `update()` sends no signal: the only one, erasure, calls `blank_copies_of` itself."""

from __future__ import annotations

from typing import Any, ClassVar

from django.apps import apps
from django.db import models

from kakehashi.accounts.models import SORT_KEY_FIELDS
from kakehashi.accounts.names import SORT_KEY_LENGTH

AUDIT_EXCLUDED = sorted(SORT_KEY_FIELDS)


class SortKeyCopyManager(models.Manager[Any]):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Any]:
        """save() is skipped: the person's sort keys are copied here instead."""
        rows = list(objs)
        for row in rows:
            row.copy_sort_keys()
        return super().bulk_create(rows, *args, **kwargs)


class SortKeyCopy(models.Model):
    """The person's sort keys, kept on this row (module docstring)."""

    PERSON_FIELD: ClassVar[str]

    sort_key_ja = models.CharField(max_length=SORT_KEY_LENGTH, blank=True, default="", editable=False)
    sort_key_mn = models.CharField(max_length=SORT_KEY_LENGTH, blank=True, default="", editable=False)
    sort_key_en = models.CharField(max_length=SORT_KEY_LENGTH, blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding:
            self.copy_sort_keys()
        super().save(*args, **kwargs)

    def copy_sort_keys(self) -> None:
        person = getattr(self, self.PERSON_FIELD)
        for field in SORT_KEY_FIELDS:
            setattr(self, field, getattr(person, field))


def models_with_copies() -> list[type[SortKeyCopy]]:
    return [model for model in apps.get_models() if issubclass(model, SortKeyCopy)]


def copy_to_rows(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """post_save of a person: a name that changed is copied to every row that keeps their keys. A person
    just created has no such row yet."""
    if created or not instance.sort_keys_changed:
        return
    keys = {field: getattr(instance, field) for field in SORT_KEY_FIELDS}
    for model in models_with_copies():
        model._default_manager.filter(**{model.PERSON_FIELD: instance.pk}).update(**keys)


def blank_copies_of(person: Any) -> None:
    """Erasure: the copies go with the name (the rows stay, for the figures)."""
    blank = dict.fromkeys(SORT_KEY_FIELDS, "")
    for model in models_with_copies():
        model._default_manager.filter(**{model.PERSON_FIELD: person.pk}).update(**blank)
