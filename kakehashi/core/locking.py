"""Optimistic locking: of two people editing the same row from the same version, exactly one wins.

A model that needs it has `version = models.PositiveIntegerField(default=0, editable=False)`. The form
carries the version it was loaded with (a hidden field); the service saves with

    save_with_version(instance, expected_version=form.cleaned_data["version"])

which writes only if the row still has that version, in one UPDATE ... WHERE version = expected, and
raises a ValidationError asking to reload otherwise. Rankings, expenses and cases use it the same way.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _


def save_with_version(
    instance: models.Model,
    expected_version: int,
    *,
    fields: Iterable[str] | None = None,
    version_field: str = "version",
) -> None:
    """Save `instance` (all concrete fields, or `fields`; `fields=[]` only takes the next version) if its
    row is still at `expected_version` of `version_field`."""
    model = type(instance)
    if instance.pk is None:
        raise ValueError("save_with_version updates an existing row; create it with save().")
    names = (
        list(fields)
        if fields is not None
        else [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name != version_field]
    )
    values = {}
    for name in names:
        field = model._meta.get_field(name)
        value = field.pre_save(instance, add=False)  # type: ignore[union-attr]
        values[field.attname] = value  # type: ignore[union-attr]
    updated = model._default_manager.filter(pk=instance.pk, **{version_field: expected_version}).update(
        **{version_field: F(version_field) + 1}, **values
    )
    if updated != 1:
        raise ValidationError(
            _("Someone else changed this meanwhile. Reload the page to see their changes, then edit again."),
            code="stale",
        )
    setattr(instance, version_field, expected_version + 1)
