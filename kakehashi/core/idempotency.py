"""Repeated form posts create one record.

A form that creates something carries a hidden random key (`idempotency_key`), made when the form is shown.
The record keeps the key under a unique constraint (per author), so a double click, a resent POST after a
timeout or twenty parallel posts of the same form make one record: every later post gets the first record
back, with no error and nothing sent twice. The constraint, not a look-up, is what holds under concurrency;
the look-up only saves the failed INSERT in the common case.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django import forms
from django.db import IntegrityError, models, transaction

FIELD = "idempotency_key"
KEY_LENGTH = 64


def new_key() -> str:
    return secrets.token_urlsafe(24)


def clean_key(value: object) -> str:
    """The posted key, or "" (no key: the post is not deduplicated) when it is missing or malformed."""
    if not isinstance(value, str):
        return ""
    value = value.strip()
    if not value or len(value) > KEY_LENGTH or not all(c.isalnum() or c in "-_" for c in value):
        return ""
    return value


def key_field() -> forms.CharField:
    return forms.CharField(widget=forms.HiddenInput, required=False, max_length=KEY_LENGTH)


def model_field() -> models.CharField[str, str]:
    return models.CharField(max_length=KEY_LENGTH, blank=True, default="", editable=False)


def unique_per(owner_field: str, name: str) -> models.UniqueConstraint:
    """One record per (owner, key); records made without a key (imports, the API, old rows) are exempt."""
    return models.UniqueConstraint(fields=[owner_field, FIELD], condition=~models.Q(**{FIELD: ""}), name=name)


class IdempotentFormMixin:
    """Adds the hidden key to a form; an unbound form gets a fresh one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form: Any = self  # a forms.Form once mixed in
        form.fields[FIELD] = key_field()
        if not form.is_bound:
            form.initial[FIELD] = new_key()


def create_once[M: models.Model](
    queryset: models.QuerySet[M], *, key: str, create: Callable[[], M], **owner: Any
) -> tuple[M, bool]:
    """Run `create` unless a record with this key (and owner) exists; (record, created).

    `create` runs in a savepoint: when a parallel post wins the unique constraint, its record is returned
    (on PostgreSQL the losing INSERT waits for the winner's commit, so the record is visible here)."""
    if key:
        existing = queryset.filter(**owner, **{FIELD: key}).first()
        if existing is not None:
            return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        existing = queryset.filter(**owner, **{FIELD: key}).first() if key else None
        if existing is None:
            raise
        return existing, False
