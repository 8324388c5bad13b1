"""Model and form fields shared by the apps."""

from typing import Any

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
