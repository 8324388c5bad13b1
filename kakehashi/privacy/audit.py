"""The audit log and encrypted fields: a change is recorded, never a character of the value.

    from kakehashi.privacy.audit import audit_register
    audit_register(PersonalRecord)                      # instead of auditlog.register(PersonalRecord)

django-auditlog's `mask_fields` keeps half of the value ("******AY7788"), and the log sits unencrypted in the
database and every backup. So every encrypted field of a registered model is masked with `redact`, which
stores the fixed marker REDACTED instead of the plaintext, a masked part or the ciphertext (a ciphertext
would outlive a key rotation and decrypt with the old key); a blind index is left out of the log (it only
ever changes with its source). The log still says *that* the field changed and who changed it.

`audit_register` derives this from the model's fields, so a new encrypted field is covered without anyone
remembering; the system check `privacy.E001` refuses to start when a model registered some other way has an
encrypted field the log would keep, and `scrub_log_entries` rewrites entries written before (migration
privacy 0002).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db import models

from kakehashi.privacy.fields import BlindIndexField, EncryptedTextField

__all__ = [
    "REDACTED",
    "audit_register",
    "redact",
    "scrub_log_entries",
    "sensitive_fields_of",
    "unprotected_fields",
]

# What the log holds for an encrypted value, before and after: the same few characters whatever the value.
REDACTED = "[encrypted]"
REDACT_CALLABLE = "kakehashi.privacy.audit.redact"


def redact(value: Any) -> str:
    """auditlog's mask callable for encrypted fields: no character of the value survives."""
    return REDACTED


def sensitive_fields_of(model: type[models.Model]) -> tuple[list[str], list[str]]:
    """(encrypted field names, blind index field names) of a model, historical models included."""
    encrypted = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
    indexes = [f.name for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
    return encrypted, indexes


def audit_register(model: type[models.Model], **options: Any) -> None:
    """auditlog.register(model, **options), with every encrypted field redacted and blind indexes left out."""
    from auditlog.registry import auditlog

    encrypted, indexes = sensitive_fields_of(model)
    if encrypted and options.get("mask_callable") not in (None, REDACT_CALLABLE):
        raise ValueError(f"{model.__name__}: encrypted fields are masked with {REDACT_CALLABLE} only.")
    mask_fields = list(dict.fromkeys([*options.pop("mask_fields", []), *encrypted]))
    exclude_fields = list(dict.fromkeys([*options.pop("exclude_fields", []), *indexes]))
    if mask_fields:
        # auditlog has one mask callable per model: a plain field masked alongside is redacted too (safe).
        options["mask_callable"] = REDACT_CALLABLE
    auditlog.register(model, mask_fields=mask_fields, exclude_fields=exclude_fields, **options)


def unprotected_fields(model: type[models.Model]) -> list[str]:
    """The encrypted and blind index fields of a registered model whose values the audit log would keep."""
    from auditlog.registry import auditlog

    encrypted, indexes = sensitive_fields_of(model)
    if not (encrypted or indexes) or not auditlog.contains(model):
        return []
    options = auditlog.get_model_fields(model)
    include, exclude = set(options["include_fields"]), set(options["exclude_fields"])

    def logged(name: str) -> bool:
        return (not include or name in include) and name not in exclude

    redacted = set(options["mask_fields"]) if options.get("mask_callable") == REDACT_CALLABLE else set()
    return [name for name in [*encrypted, *indexes] if logged(name) and name not in redacted]


def check_audit_registrations(app_configs: Any = None, **kwargs: Any) -> list[Any]:
    """System check: no model is registered with the audit log in a way that keeps an encrypted value."""
    from auditlog.registry import auditlog
    from django.core.checks import Error

    errors = []
    for model in auditlog.get_models():
        names = unprotected_fields(model)
        if names:
            errors.append(
                Error(
                    f"{model._meta.label} is registered with the audit log, which would keep the values of "
                    f"its encrypted fields {', '.join(names)}.",
                    hint="Register it with kakehashi.privacy.audit.audit_register instead of auditlog.register.",
                    obj=model,
                    id="privacy.E001",
                )
            )
    return errors


def _scrub_changes(changes: Any, names: set[str]) -> tuple[Any, bool]:
    """The changes with every named field's values replaced by REDACTED; (changes, whether anything changed)."""
    as_text = isinstance(changes, str)
    if as_text:
        try:
            changes = json.loads(changes)
        except ValueError:
            return changes, False
    if not isinstance(changes, dict):
        return (json.dumps(changes) if as_text else changes), False
    touched = False
    scrubbed = {}
    for key, value in changes.items():
        if key in names:
            new_value: Any = [REDACTED, REDACTED] if isinstance(value, list | tuple) else REDACTED
            touched = touched or new_value != value
            scrubbed[key] = new_value
        else:
            scrubbed[key] = value
    if not touched:
        return (json.dumps(changes) if as_text else changes), False
    return (json.dumps(scrubbed, ensure_ascii=False) if as_text else scrubbed), True


def _scrub_serialized(data: Any, names: set[str]) -> tuple[Any, bool]:
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
        return data, False
    fields = data["fields"]
    if not any(name in fields and fields[name] not in (None, REDACTED) for name in names):
        return data, False
    return {
        **data,
        "fields": {k: (REDACTED if k in names and v is not None else v) for k, v in fields.items()},
    }, True


def scrub_log_entries(
    log_entry_model: type[models.Model],
    content_type_model: type[models.Model],
    model_classes: Iterable[type[models.Model]],
    *,
    batch_size: int = 500,
) -> int:
    """Rewrite the log entries of these models so no encrypted or blind index value remains; return how many.

    Works with the live or the historical (migration) models; `changes` may be a JSON column or, in older
    auditlog versions, JSON text, and `changes_text` and `serialized_data` are scrubbed alike when present.
    """
    entry_fields = {f.name for f in log_entry_model._meta.concrete_fields}
    rewritten = 0
    for model in model_classes:
        encrypted, indexes = sensitive_fields_of(model)
        names = {*encrypted, *indexes}
        if not names:
            continue
        content_type = content_type_model._default_manager.filter(  # type: ignore[attr-defined]
            app_label=model._meta.app_label, model=model._meta.model_name
        ).first()
        if content_type is None:
            continue
        pending: list[models.Model] = []
        updated_columns = [c for c in ("changes", "changes_text", "serialized_data") if c in entry_fields]
        entries = log_entry_model._default_manager.filter(content_type=content_type)  # type: ignore[attr-defined]
        for entry in entries.only("pk", *updated_columns).iterator(chunk_size=batch_size):
            touched = False
            for column in updated_columns:
                value = getattr(entry, column)
                if value in (None, ""):
                    continue
                if column == "serialized_data":
                    new_value, changed = _scrub_serialized(value, names)
                else:
                    new_value, changed = _scrub_changes(value, names)
                if changed:
                    setattr(entry, column, new_value)
                    touched = True
            if touched:
                pending.append(entry)
            if len(pending) >= batch_size:
                log_entry_model._default_manager.bulk_update(pending, updated_columns)  # type: ignore[attr-defined]
                rewritten += len(pending)
                pending = []
        if pending:
            log_entry_model._default_manager.bulk_update(pending, updated_columns)  # type: ignore[attr-defined]
            rewritten += len(pending)
    return rewritten
