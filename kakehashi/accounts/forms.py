from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

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


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    name_latin = forms.CharField(
        label=_("Name in Latin script"), max_length=150, required=False, validators=[no_control_characters]
    )
    name_local = forms.CharField(
        label=_("Name in Japanese or Cyrillic"),
        max_length=150,
        required=False,
        validators=[no_control_characters],
    )
    role = forms.ChoiceField(label=_("Role"))
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=language_choices, widget=LanguageSelect
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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


class AcceptInvitationForm(PasswordPairForm):
    name_latin = forms.CharField(
        label=_("Name in Latin script"), max_length=150, validators=[no_control_characters]
    )
    name_local = forms.CharField(
        label=_("Name in Japanese or Cyrillic"),
        max_length=150,
        required=False,
        validators=[no_control_characters],
    )
    field_order = ("name_latin", "name_local", "password1", "password2")


class ProfileForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ("name_latin", "name_local", "preferred_language", "phone")
        widgets = {"preferred_language": LanguageSelect}


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100)


class PeopleImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_("Columns: name_latin, name_local, email, organization, role."),
    )
