from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Organization
from kakehashi.companies.evidence import MAX_BYTES
from kakehashi.companies.models import (
    CompanyProfile,
    CompanySize,
    Industry,
    OutreachActivity,
    OutreachCompany,
    ReadinessItem,
    Seminar,
    Stage,
    SupportRequest,
)
from kakehashi.core.fields import WebURLFormField
from kakehashi.core.idempotency import IdempotentFormMixin
from kakehashi.core.validators import no_control_characters

DATE = forms.DateInput(attrs={"type": "date"})


class OutreachCompanyForm(forms.ModelForm[OutreachCompany]):
    class Meta:
        model = OutreachCompany
        fields = (
            "name",
            "industry",
            "size",
            "address",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "stage",
            "organization",
            "notes",
        )

    def __init__(self, *args: Any, organizations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        if organizations is not None:
            field.queryset = organizations
        field.help_text = _("Once the company has registered on the platform, choose it here.")


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)


class ActivityForm(forms.ModelForm[OutreachActivity]):
    class Meta:
        model = OutreachActivity
        fields = ("kind", "happened_on", "summary", "next_step", "due_on")
        widgets = {"happened_on": DATE, "due_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}


class ProspectImportForm(forms.Form):
    # The columns are explained above the form, each name as code (prospect_import.column_help()).
    file = forms.FileField(label=_("CSV or Excel file"))


class InterestForm(forms.Form):
    """The public call's form. `homepage` is a honeypot: hidden from people, filled by robots."""

    name_ja = forms.CharField(
        label=_("Company name (Japanese)"), max_length=200, required=False, validators=[no_control_characters]
    )
    name_en = forms.CharField(
        label=_("Company name (English)"), max_length=200, required=False, validators=[no_control_characters]
    )
    industry = forms.ChoiceField(label=_("Industry"), choices=[("", "—"), *Industry.choices], required=False)
    size = forms.ChoiceField(label=_("Size"), choices=[("", "—"), *CompanySize.choices], required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    website = WebURLFormField(label=_("Website"), required=False)
    contact_name = forms.CharField(label=_("Your name"), max_length=150, validators=[no_control_characters])
    contact_email = forms.EmailField(label=_("Your email address"))
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    message = forms.CharField(
        label=_("What would you like to know?"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("name_ja") and not cleaned.get("name_en"):
            self.add_error("name_ja", _("Give the name of the company, in Japanese or in English."))
        return cleaned


class ProfileForm(forms.ModelForm[CompanyProfile]):
    class Meta:
        model = CompanyProfile
        fields = (
            "industry",
            "size",
            "address",
            "website",
            "contact_people",
            "languages_spoken",
            "hosting_history",
            "meeting_url_pattern",
        )
        widgets = {
            "contact_people": forms.Textarea(attrs={"rows": 3}),
            "hosting_history": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per form, in the reader's language: the placeholder and the example are what the company
        # types, shown as code (the model's help text would print {interview_id} as a word of the page).
        self.fields["meeting_url_pattern"].help_text = format_html(
            gettext(
                "Used for each interview booked without its own link: a fixed meeting room's address, or one "
                "with {placeholder} filled in for each interview, e.g. {example}"
            ),
            placeholder=format_html('<code lang="en">{}</code>', "{interview_id}"),
            example=format_html(
                '<code lang="en">{}</code>', "https://meet.example.com/kakehashi-{interview_id}"
            ),
        )


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("What the company has done"), widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(
        label=_("Evidence file"),
        required=False,
        # Lazy: `%` on a lazy text would translate it once, in the language of whoever imported the form.
        help_text=lazy(
            lambda: (
                _("PDF, PNG, JPEG, Excel or Word, at most %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}
            ),
            str,
        )(),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.xlsx,.docx"}),
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("verify", _("Verify")), ("return", _("Return to the company"))]
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReadinessItemForm(forms.ModelForm[ReadinessItem]):
    class Meta:
        model = ReadinessItem
        fields = ("area", "title", "required", "is_active", "position")


class SeminarForm(forms.ModelForm[Seminar]):
    class Meta:
        model = Seminar
        fields = ("title", "held_on", "place")
        widgets = {"held_on": DATE}


class SupportRequestForm(IdempotentFormMixin, forms.ModelForm[SupportRequest]):
    requester: forms.ModelChoiceField[Organization] = forms.ModelChoiceField(
        label=_("For"), queryset=Organization.objects.none()
    )

    class Meta:
        model = SupportRequest
        fields = ("site", "need", "starts_on", "ends_on")
        widgets = {"starts_on": DATE, "ends_on": DATE, "need": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, organizations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["requester"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organizations
        if organizations.count() == 1:
            field.initial = organizations.first()
        self.order_fields(["requester", "site", "need", "starts_on", "ends_on"])


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"))
