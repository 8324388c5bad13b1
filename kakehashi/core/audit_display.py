"""The audit log as people read it: the action in the viewer's language, each changed field by its label
(the model field's verbose_name), values as the pages show them (a choice's label, a related record's
name, a date in the language's form, "—" for nothing) and the time in the viewer's zone, named.

django-auditlog keeps the changes as text ("None", "2", "2026-12-06", "entered"); its own display helper
leaves "None", formats dates in the server's zone and has no Mongolian catalog (Mongolian pages fell back to
its Japanese words). Related records of a page are looked up in one query per model."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime, parse_time
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kakehashi.core import times
from kakehashi.core.numbers import format_number

NOTHING = "—"


def action_label(action: int) -> str:
    labels = {
        LogEntry.Action.CREATE: _("Record created"),
        LogEntry.Action.UPDATE: _("Record changed"),
        LogEntry.Action.DELETE: _("Record deleted"),
        LogEntry.Action.ACCESS: _("Record read"),
    }
    return str(labels.get(action, action))


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class Row:
    entry: LogEntry
    when: str
    action: str
    changes: list[Change] = field(default_factory=list)


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        # A foreign key may be recorded by its column ("program_id").
        if name.endswith("_id"):
            return _field(model, name[:-3])
        return None
    return found if isinstance(found, models.Field) else None


def _is_reverse_relation(model: type[models.Model], name: str) -> bool:
    try:
        return model._meta.get_field(name).auto_created and not model._meta.get_field(name).concrete
    except FieldDoesNotExist:
        return False


def _is_nothing(value: Any) -> bool:
    return value is None or value in ("None", "", "null")


def _name(obj: Any) -> str:
    """A related record's name as pages show it (a person by their display name, never their address)."""
    return str(getattr(obj, "display_name", None) or obj)


def _text(
    value: Any, model_field: models.Field[Any, Any] | None, related: dict[Any, dict[str, Any]], zone: str
) -> str:
    if _is_nothing(value):
        return NOTHING
    if isinstance(value, list):
        return ", ".join(_text(v, model_field, related, zone) for v in value) or NOTHING
    text = str(value)
    if model_field is None:
        return text
    if model_field.choices:
        labels = {str(key): label for key, label in model_field.flatchoices}
        return str(labels.get(text, text))
    if isinstance(model_field, models.ForeignKey):
        target = related.get(model_field.related_model, {}).get(text)
        return _name(target) if target is not None else text
    if isinstance(model_field, models.BooleanField):
        return _("Yes") if text in ("True", "true", "1") else _("No")
    if isinstance(model_field, models.DateTimeField):
        moment = parse_datetime(text)
        if moment is not None:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=datetime.UTC)
            return times.wall(moment, zone)
        return text
    if isinstance(model_field, models.DateField):
        day = parse_date(text)
        return formats.date_format(day, "DATE_FORMAT") if day else text
    if isinstance(model_field, models.TimeField):
        moment_of_day = parse_time(text)
        return formats.time_format(moment_of_day, "TIME_FORMAT") if moment_of_day else text
    if isinstance(model_field, models.DecimalField | models.FloatField) or (
        # Amounts are grouped (2,200,000); a year or a count of a few digits is not (2026, not 2,026).
        isinstance(model_field, models.IntegerField) and text.lstrip("-").isdigit() and abs(int(text)) > 9999
    ):
        return format_number(text)
    return text


def _label(model_field: models.Field[Any, Any] | None, name: str) -> str:
    """The field's label in the active language. A label Django made from the field's name ("recorded
    by") is not marked for translation, so it is looked up in the catalog too."""
    if model_field is None:
        return name
    label = str(model_field.verbose_name)
    return capfirst(_(label)) or label


def _changes(entry: LogEntry) -> dict[str, Any]:
    changes = entry.changes_dict
    return changes if isinstance(changes, dict) else {}


def rows(entries: list[LogEntry], zone: str) -> list[Row]:
    """The entries of one page, ready to show (call in the viewer's language)."""
    # The related records named in the page's changes, one query per model.
    wanted: dict[Any, set[str]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        for name, values in _changes(entry).items():
            model_field = _field(model, name)
            if isinstance(model_field, models.ForeignKey):
                for value in values if isinstance(values, list | tuple) else [values]:
                    if not _is_nothing(value) and str(value).isdigit():
                        wanted[model_field.related_model].add(str(value))
    related: dict[Any, dict[str, Any]] = {}
    for target, ids in wanted.items():
        found = target._default_manager.in_bulk([int(i) for i in ids])
        related[target] = {str(pk): obj for pk, obj in found.items()}

    result = []
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        row = Row(entry=entry, when=times.wall(entry.timestamp, zone), action=action_label(entry.action))
        for name, values in _changes(entry).items():
            model_field = _field(model, name)
            if model_field is not None and model_field.primary_key:
                continue  # the record's number says nothing to a reader
            if model is not None and model_field is None and _is_reverse_relation(model, name):
                continue  # django-auditlog records the other side of a relation as "app.Model.None"
            label = _label(model_field, name)
            pair = list(values) if isinstance(values, list | tuple) else [None, values]
            before, after = [*pair, None, None][:2]
            row.changes.append(
                Change(
                    label,
                    _text(before, model_field, related, zone),
                    _text(after, model_field, related, zone),
                )
            )
        result.append(row)
    return result
