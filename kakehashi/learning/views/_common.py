"""A helper the views of several topics share: a service's refusal (a ValidationError) as one message."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)
