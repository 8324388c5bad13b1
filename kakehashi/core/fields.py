"""Model and form fields shared by the apps."""

import json
from typing import Any

import orjson
from django import forms
from django.db import models

from kakehashi.core.validators import WEB_URL_MESSAGE, validate_web_url


class WebURLFormField(forms.URLField):
    """A link a person types: http(s) only (see core.validators.validate_web_url)."""

    default_validators = [validate_web_url]
    # A form field puts its own "invalid" message over its validators' messages: make it say what to do.
    default_error_messages = {"invalid": WEB_URL_MESSAGE}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class WebURLField(models.URLField):  # type: ignore[type-arg]
    """A stored link a person typed: http(s) only, in the model, its forms and the admin alike."""

    default_validators = [validate_web_url]

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": WebURLFormField, **kwargs})


def json_text(value: Any) -> str:
    """Compact JSON text of a plain value, by orjson: the standard library took 1.8 s to write a run's
    110,000 explanation rows and 0.6 s its input, at 100,000 applicants; orjson a fifth of that."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


class JSONTextField(models.JSONField):  # type: ignore[type-arg]
    """JSON kept as the text it was written: PostgreSQL's `json` type, not `jsonb`, elsewhere as
    `JSONField`. For large values read and written whole and never looked into by a query (a matching
    run's frozen input of 28 MB, its 100,000 explanations): PostgreSQL takes 2.5 s to take the input
    apart into `jsonb` (50 MB) and about as long to put it back together as text when it is read, work
    nothing uses. Lookups into the value (`field__key`) are not for this field."""

    def db_type(self, connection: Any) -> str | None:
        if connection.vendor == "postgresql":
            return "json"
        return super().db_type(connection)

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if connection.vendor != "postgresql":
            return super().get_db_prep_value(value, connection, prepared)
        from psycopg.types.json import Json

        if not prepared:
            value = self.get_prep_value(value)
        return Json(value, dumps=self._dumps)

    def _dumps(self, value: Any) -> str:
        if self.encoder is None:
            return json_text(value)
        return json.dumps(value, cls=self.encoder, ensure_ascii=False, separators=(",", ":"))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is not None and not isinstance(value, str):
            return value  # psycopg reads PostgreSQL's json itself
        return super().from_db_value(value, expression, connection)
