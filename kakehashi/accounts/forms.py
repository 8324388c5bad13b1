from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts import names
from kakehashi.accounts.models import Organization, Program, User
from kakehashi.accounts.roles import Role, roles_allowed_for
from kakehashi.core.multilingual.forms import LanguageSelect
from kakehashi.core.multilingual.text import language_choices
from kakehashi.core.validators import no_control_characters


class OrganizationForm(forms.ModelForm[Organization]):
    class Meta:
        model = Organization
        fields = ("key", "kind", "name", "country", "city", "website")


class ProgramForm(forms.ModelForm[Program]):
    class Meta:
        model = Program
        fields = (
            "key",
            "title",
            "starts_on",
            "ends_on",
            "budget_jpy",
            "funder",
            "status",
        )
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }


def _name_field(label: Any, *, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, max_length=75, required=required, validators=[no_control_characters])


NAME_PART_LABELS = {
    "family_name_latin": _("Family name (Latin script)"),
    "given_name_latin": _("Given name (Latin script)"),
    "family_name_local": _("Family name (Japanese or Cyrillic)"),
    "given_name_local": _("Given name (Japanese or Cyrillic)"),
    "family_name_reading": _("Family name reading (kana)"),
    "given_name_reading": _("Given name reading (kana)"),
}
NAME_PART_HELP = {
    "family_name_latin": _("For Mongolian names, the patronymic (father's or mother's name)."),
    "family_name_reading": _(
        "For Japanese names, in hiragana or katakana (furigana): lists are sorted by it."
    ),
}


class NamePartsMixin:
    """Family and given name in Latin script, in the person's own script and (Japanese) as a reading: the
    inputs come family first on ja and mn pages, given first on en pages, as each language writes a name."""

    fields: dict[str, forms.Field]
    with_reading = True

    def add_name_fields(self, *, require_latin: bool) -> None:
        wanted = [name for name in NAME_PART_LABELS if self.with_reading or "reading" not in name]
        for name in wanted:
            if name not in self.fields:
                self.fields[name] = _name_field(NAME_PART_LABELS[name])
            field = self.fields[name]
            field.label = NAME_PART_LABELS[name]
            field.required = False
            field.max_length = 75  # type: ignore[attr-defined]
            if name in NAME_PART_HELP:
                field.help_text = NAME_PART_HELP[name]
        if require_latin:
            self.fields["given_name_latin"].required = True
        given_first = (translation.get_language() or "en").split("-")[0] not in ("ja", "mn")
        ordered = []
        for kind in ("latin", "local", "reading"):
            pair = [f"family_name_{kind}", f"given_name_{kind}"]
            ordered += [n for n in (reversed(pair) if given_first else pair) if n in wanted]
        rest = {k: v for k, v in self.fields.items() if k not in ordered}
        names_first = {k: self.fields[k] for k in ordered}
        before = [k for k in rest if k in self.fields_before_names]
        self.fields = {
            **{k: rest[k] for k in before},
            **names_first,
            **{k: v for k, v in rest.items() if k not in before},
        }

    fields_before_names: tuple[str, ...] = ()

    def clean_family_name_reading(self) -> str:
        return _reading(self.cleaned_data.get("family_name_reading", ""))  # type: ignore[attr-defined]

    def clean_given_name_reading(self) -> str:
        return _reading(self.cleaned_data.get("given_name_reading", ""))  # type: ignore[attr-defined]

    def name_parts(self) -> dict[str, str]:
        data: dict[str, str] = self.cleaned_data  # type: ignore[attr-defined]
        return {name: data.get(name, "") or "" for name in NAME_PART_LABELS}


def _reading(value: str) -> str:
    value = " ".join((value or "").split())
    if value and not names.is_kana_only(value):
        raise forms.ValidationError(_("Write the reading in hiragana or katakana."))
    return value


class InvitationForm(NamePartsMixin, forms.Form):
    email = forms.EmailField(label=_("Email address"))
    with_reading = False
    fields_before_names = ("email",)
    role = forms.ChoiceField(label=_("Role"))
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=language_choices, widget=LanguageSelect
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_name_fields(require_latin=False)
        allowed = roles_allowed_for(organization.kind)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(value, label) for value, label in Role.choices if value in allowed]


class PasswordPairForm(forms.Form):
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password (again)"), widget=forms.PasswordInput, strip=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords do not match."))
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class AcceptInvitationForm(NamePartsMixin, PasswordPairForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_name_fields(require_latin=True)


class ProfileForm(NamePartsMixin, forms.ModelForm[User]):
    class Meta:
        model = User
        fields = (*NAME_PART_LABELS, "preferred_language", "phone")
        widgets = {"preferred_language": LanguageSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_name_fields(require_latin=True)
        if self.instance.pk and not self.is_bound:
            # A row written before the parts existed (or by bulk_create) shows its names split.
            parts = names.parts_of(self.instance)
            self.initial.update(
                family_name_latin=parts.family_latin,
                given_name_latin=parts.given_latin,
                family_name_local=parts.family_local,
                given_name_local=parts.given_local,
            )


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)


class PeopleImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        # The columns are explained above the form, each name as code (includes/import_columns.html).
    )
