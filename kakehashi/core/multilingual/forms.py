"""One input per configured language for a text written in several languages."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kakehashi.core.multilingual.text import TranslatedText, as_translated, content_languages
from kakehashi.core.validators import has_control_characters


class TranslatedWidget(forms.MultiWidget):
    """The inputs, each labelled with its language's own name and marked with `lang`, so a screen reader
    reads it in that language; an empty one says "not translated yet" (templates/widgets/translated.html)."""

    template_name = "widgets/translated.html"

    def __init__(self, languages: list[str], multiline: bool = False, attrs: dict[str, Any] | None = None):
        self.languages = languages
        inner = forms.Textarea(attrs={"rows": 3}) if multiline else forms.TextInput()
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            code: _with_lang(inner, code) for code in languages
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[str]:
        if isinstance(value, str):  # a bound form redisplaying its own data never gets here; kept for safety
            return [value] + [""] * (len(self.languages) - 1)
        text = as_translated(value)
        return [text.get(code, "") for code in self.languages]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        names = dict(settings.LANGUAGES)
        for code, subwidget in zip(self.languages, context["widget"]["subwidgets"], strict=True):
            subwidget["language_code"] = code
            subwidget["language_name"] = names.get(code, code)
            subwidget["is_missing"] = not (subwidget.get("value") or "").strip()
        return context


class LanguageSelect(forms.Select):
    """A choice of language whose options each carry their own `lang` ("Монгол" is Mongolian on a Japanese
    page), so screen readers say each name in its language."""

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = str(value)
        return option


def _with_lang(widget: forms.Widget, code: str) -> forms.Widget:
    copy = widget.__class__(attrs={**widget.attrs, "lang": code})
    return copy


class TranslatedFormField(forms.MultiValueField):
    """required=True asks for at least one language; `required_languages` for texts that every reader must
    have in their own language (a consent text)."""

    default_error_messages = {
        "required": _("Write this in at least one language."),
        "language_required": _("Write this in %(language)s too."),
    }

    def __init__(
        self,
        *,
        max_length: int | None = None,
        multiline: bool = False,
        required_languages: tuple[str, ...] = (),
        **kwargs: Any,
    ) -> None:
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        self._arguments = {
            "max_length": max_length,
            "multiline": multiline,
            "required_languages": required_languages,
            **kwargs,
        }
        self.languages = content_languages()
        self.required_languages = required_languages
        self.multiline = multiline
        fields = [
            forms.CharField(required=False, max_length=max_length, strip=True) for _code in self.languages
        ]
        kwargs.setdefault("widget", TranslatedWidget(self.languages, multiline=multiline))
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def __deepcopy__(self, memo: dict[int, Any]) -> "TranslatedFormField":
        """A form class makes its fields once, when it is defined; each form works on a copy. When the
        configured languages have changed since (a language added to settings.LANGUAGES), the copy is made
        anew, so every content form offers the languages configured now."""
        if self.languages == content_languages():
            return super().__deepcopy__(memo)  # type: ignore[no-any-return]
        arguments = {
            **self._arguments,
            "label": self.label,
            "initial": self.initial,
            "help_text": self.help_text,
            "required": self.required,
        }
        arguments.pop("widget", None)
        return type(self)(**arguments)

    def compress(self, data_list: list[str]) -> TranslatedText:
        return TranslatedText(dict(zip(self.languages, data_list or [], strict=False)))

    def validate(self, value: Any) -> None:
        # MultiValueField checks only that some input was sent; spaces alone strip to nothing.
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        names = dict(settings.LANGUAGES)
        for code in self.required_languages:
            if not as_translated(value).get(code):
                raise ValidationError(
                    self.error_messages["language_required"],
                    code="language_required",
                    params={"language": names.get(code, code)},
                )
        for text in as_translated(value).values():
            checked = text.replace("\n", "").replace("\r", "").replace("\t", "") if self.multiline else text
            if has_control_characters(checked):
                raise ValidationError(
                    _("The text contains control characters or line breaks; please remove them."),
                    code="control_characters",
                )

    def has_changed(self, initial: Any, data: Any) -> bool:
        before = as_translated(initial) if not isinstance(initial, list) else self.compress(initial)
        after = self.compress(data) if isinstance(data, list) else as_translated(data)
        return dict(before) != dict(after)
