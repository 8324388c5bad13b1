"""Encrypted model fields and blind indexes: personal data that is unreadable in the database.

Public API (other apps use it; see docs/security.md):

    from kakehashi.privacy.fields import BlindIndexField, EncryptedCharField, EncryptedTextField, blind_index

    class Passport(models.Model):
        number = EncryptedCharField(_("passport number"), max_length=20)
        number_index = BlindIndexField(source="number")        # HMAC-SHA256, for exact lookups
        notes = EncryptedTextField(_("notes"), blank=True)

    Passport.objects.filter(number_index=blind_index("AB1234567"))

- Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under the keys of the setting
  KAKEHASHI_FIELD_KEYS: the first key encrypts, every key decrypts (cryptography's MultiFernet), so a new key
  is put first and `manage.py rotate_field_keys` re-encrypts every row, after which old keys can go.
- Encrypted fields cannot be filtered, ordered or searched (only `isnull`); look up through a
  BlindIndexField, which stores HMAC-SHA256(KAKEHASHI_BLIND_INDEX_KEY, normalised value).
- A BlindIndexField is computed in `pre_save`: save with `update_fields` naming both fields.
- Register such a model with the audit log through `kakehashi.privacy.audit.audit_register(Model)`, never
  `auditlog.register`: it records that an encrypted field changed and stores a fixed marker instead of any
  character of the value (auditlog's own `mask_fields` keeps half of it); the system check privacy.E001
  refuses a model registered otherwise.
- Pages show `mask(value)`; the plaintext is shown only through `kakehashi.privacy.services.reveal`, which
  records who read it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "BlindIndexField",
    "EncryptedCharField",
    "EncryptedTextField",
    "blind_index",
    "decrypt",
    "encrypt",
    "encrypted_fields_of",
    "mask",
    "normalise_identifier",
]


@lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("KAKEHASHI_FIELD_KEYS must name at least one Fernet key.")
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _fernet() -> MultiFernet:
    return _multifernet(tuple(settings.KAKEHASHI_FIELD_KEYS))


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A value cannot be decrypted with any key of KAKEHASHI_FIELD_KEYS: was a key removed too early?"
        ) from None


def normalise_identifier(value: str) -> str:
    """Document numbers are compared without case, spaces or hyphens: 'ab 123-45' == 'AB12345'."""
    return re.sub(r"[\s\-]", "", value).upper()


def blind_index(value: str, *, normalise: bool = True) -> str:
    """HMAC-SHA256 of the (normalised) value under its own key: equal values, equal hashes; no way back."""
    key = settings.KAKEHASHI_BLIND_INDEX_KEY
    if not key:
        raise ImproperlyConfigured("KAKEHASHI_BLIND_INDEX_KEY must be set.")
    text = normalise_identifier(value) if normalise else value
    return hmac.new(key.encode(), text.encode(), hashlib.sha256).hexdigest()


def mask(value: str | None, visible: int = 2) -> str:
    """'AB1234567' -> '•••••••67': enough to recognise, not enough to use."""
    if not value:
        return ""
    if len(value) <= visible * 2:
        return "•" * len(value)
    return "•" * (len(value) - visible) + value[-visible:]


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; the Python value is the plaintext."""

    description = _("Encrypted text")

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return decrypt(value)

    def to_python(self, value: Any) -> str | None:
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def get_prep_value(self, value: Any) -> str | None:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return encrypt(str(value))

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise ImproperlyConfigured(
                f"An encrypted field cannot be queried with '{lookup_name}'; use a BlindIndexField."
            )
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        return None


class EncryptedCharField(EncryptedTextField):
    """A short encrypted value; `max_length` limits the plaintext (the column holds the longer token)."""

    description = _("Encrypted short text")

    def __init__(self, *args: Any, max_length: int = 255, **kwargs: Any) -> None:
        self.plaintext_max_length = max_length
        super().__init__(*args, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["max_length"] = self.plaintext_max_length
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        defaults: dict[str, Any] = {"max_length": self.plaintext_max_length, "widget": forms.TextInput}
        defaults.update(kwargs)
        return super().formfield(**defaults)


class BlindIndexField(models.CharField):
    """HMAC-SHA256 of another field of the same model, kept up to date on save, for exact lookups."""

    description = _("Keyed hash for lookups")

    def __init__(self, *args: Any, source: str = "", normalise: bool = True, **kwargs: Any) -> None:
        self.source = source
        self.normalise = normalise
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        if not self.normalise:
            kwargs["normalise"] = False
        for key, default in (("max_length", 64), ("editable", False), ("db_index", True)):
            if kwargs.get(key) == default:
                del kwargs[key]
        return name, path, args, kwargs

    def compute(self, instance: models.Model) -> str:
        value = getattr(instance, self.source)
        return blind_index(value, normalise=self.normalise) if value else ""

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = self.compute(model_instance)
        setattr(model_instance, self.attname, value)
        return value


def encrypted_fields_of(model: type[models.Model]) -> tuple[list[str], list[BlindIndexField]]:
    """The names of a model's encrypted fields and its blind index fields."""
    encrypted = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
    indexes = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
    return encrypted, indexes
