"""The model field of a text written in several languages."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import gettext_lazy as _

from kakehashi.core.multilingual.text import TranslatedText, as_translated
from kakehashi.core.validators import has_control_characters


class TranslatedAttribute(DeferredAttribute):
    """Whatever dict is assigned (`course.title = {"ja": …}`), the attribute holds a TranslatedText, so it
    prints in the reader's language before as well as after a save."""

    def __set__(self, instance: models.Model, value: Any) -> None:
        instance.__dict__[self.field.attname] = as_translated(value)


class TranslatedField(models.JSONField):
    """{language: text} for the languages of settings.LANGUAGES; blank=False (the default) asks for the
    text in at least one language. `max_length` bounds each language's text; `multiline` allows line
    breaks (and gives a textarea)."""

    descriptor_class = TranslatedAttribute

    def __init__(
        self,
        verbose_name: Any = None,
        *,
        max_length: int | None = None,
        multiline: bool = False,
        **kwargs: Any,
    ) -> None:
        self.text_max_length = max_length
        self.multiline = multiline
        kwargs.setdefault("default", dict)
        super().__init__(verbose_name, **kwargs)

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        if self.text_max_length is not None:
            kwargs["max_length"] = self.text_max_length
        if self.multiline:
            kwargs["multiline"] = True
        if kwargs.get("default") is dict:
            del kwargs["default"]
        return name, "kakehashi.core.multilingual.fields.TranslatedField", args, kwargs

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        loaded = super().from_db_value(value, expression, connection)
        # A key transform (`values("title__ja")`) reads one language: leave that string as it is.
        return as_translated(loaded) if isinstance(loaded, dict) or loaded is None else loaded

    def to_python(self, value: Any) -> TranslatedText:
        return as_translated(super().to_python(value))

    def get_prep_value(self, value: Any) -> Any:
        if isinstance(value, dict):
            value = dict(TranslatedText(value))
        return super().get_prep_value(value)

    def validate(self, value: Any, model_instance: models.Model | None) -> None:
        super().validate(value, model_instance)
        for text in as_translated(value).values():
            if self.text_max_length is not None and len(text) > self.text_max_length:
                raise ValidationError(
                    _("Each language's text can be at most %(limit)d characters (it has %(length)d).")
                    % {"limit": self.text_max_length, "length": len(text)},
                    code="max_length",
                )
            checked = text.replace("\n", "").replace("\r", "").replace("\t", "") if self.multiline else text
            if has_control_characters(checked):
                raise ValidationError(
                    _("The text contains control characters or line breaks; please remove them."),
                    code="control_characters",
                )

    def formfield(self, **kwargs: Any) -> Any:
        from kakehashi.core.multilingual.forms import TranslatedFormField

        defaults: dict[str, Any] = {
            "form_class": TranslatedFormField,
            "max_length": self.text_max_length,
            "multiline": self.multiline,
            # Field.formfield shows a hidden initial value for a callable default; one input per language
            # needs none.
            "show_hidden_initial": False,
        }
        defaults.update(kwargs)
        # JSONField.formfield passes encoder/decoder, which a form of one input per language has no use for.
        return models.Field.formfield(self, **defaults)
