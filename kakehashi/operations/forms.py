from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kakehashi.core import idempotency
from kakehashi.core.multilingual.forms import LanguageSelect
from kakehashi.core.multilingual.text import language_choices
from kakehashi.core.multilingual.written import as_written
from kakehashi.learning.models import Skill
from kakehashi.operations.models import (
    SCORE_CHOICES,
    EvaluationKind,
    InternCase,
    ResidenceRoute,
    SafetySettings,
    Severity,
    StayRecord,
    SupportItem,
    TaskStatus,
)

DATE = {"type": "date"}
DATETIME = {"type": "datetime-local"}


class SupportItemForm(forms.ModelForm[SupportItem]):
    class Meta:
        model = SupportItem
        fields = (
            "title",
            "owner_kind",
            "due_days",
            "anchor",
            "position",
            "is_active",
        )


class TaskForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    blocked_reason = forms.CharField(label=_("What blocks it"), max_length=300, required=False)


class ResidenceForm(forms.Form):
    route = forms.ChoiceField(label=_("Status of residence"), choices=ResidenceRoute.choices)
    documents = forms.MultipleChoiceField(
        label=_("Documents ready"), widget=forms.CheckboxSelectMultiple, required=False
    )
    passport_number = forms.CharField(
        label=_("Passport number"),
        max_length=30,
        required=False,
        help_text=_("Leave blank to keep the number already recorded."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    passport_expires_on = forms.DateField(
        label=_("Passport expires on"), required=False, widget=forms.DateInput(DATE)
    )
    residence_card_number = forms.CharField(
        label=_("Residence card number"),
        max_length=30,
        required=False,
        help_text=_("Leave blank to keep the number already recorded."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    visa_issued_on = forms.DateField(
        label=_("Visa or certificate issued on"), required=False, widget=forms.DateInput(DATE)
    )
    status_expires_on = forms.DateField(
        label=_("Period of stay ends on"), required=False, widget=forms.DateInput(DATE)
    )
    # The case's version when the form was opened (optimistic locking).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, case: InternCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        documents = self.fields["documents"]
        assert isinstance(documents, forms.MultipleChoiceField)
        # A title names the Japanese form in Japanese too ("Letter of guarantee (身元保証書)"): marked.
        documents.choices = [(d.key, as_written(d.title)) for d in case.residence_documents.all()]


class TravelForm(forms.ModelForm[StayRecord]):
    housing_address = forms.CharField(
        label=_("Housing address"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave blank to keep what is recorded."),
    )
    emergency_contacts = forms.CharField(
        label=_("Emergency contacts"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Leave blank to keep what is recorded."),
    )
    health_notes = forms.CharField(
        label=_("Health notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Leave blank to keep what is recorded."),
    )
    # The case's version when the form was opened (optimistic locking).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = StayRecord
        fields = (
            "outbound_flight",
            "outbound_at",
            "return_flight",
            "return_at",
            "itinerary",
            "insurance_provider",
            "insurance_policy",
            "insurance_from",
            "insurance_to",
            "housing_name",
            "housing_provider",
            "housing_from",
            "housing_to",
        )
        widgets = {
            "outbound_at": forms.DateTimeInput(DATETIME),
            "return_at": forms.DateTimeInput(DATETIME),
            "insurance_from": forms.DateInput(DATE),
            "insurance_to": forms.DateInput(DATE),
            "housing_from": forms.DateInput(DATE),
            "housing_to": forms.DateInput(DATE),
            "itinerary": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Encrypted values are never sent back to the browser in a form.
        for name in ("housing_address", "emergency_contacts", "health_notes"):
            self.initial.pop(name, None)
        self.initial.setdefault("version", self.instance.case.version)


class IncidentForm(forms.Form):
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices)
    occurred_at = forms.DateTimeField(label=_("When it happened"), widget=forms.DateTimeInput(DATETIME))
    what_happened = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}))
    actions = forms.CharField(
        label=_("Actions taken"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class IncidentCloseForm(forms.Form):
    closure = forms.CharField(label=_("How it ended"), widget=forms.Textarea(attrs={"rows": 3}))


class AcknowledgeForm(forms.Form):
    note = forms.CharField(label=_("What you did"), max_length=500, required=False)


class ReportForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(DATE))
    language = forms.ChoiceField(label=_("Language"), choices=language_choices, widget=LanguageSelect)
    body = forms.CharField(label=_("What I did and learned"), widget=forms.Textarea(attrs={"rows": 8}))
    # Filled by the browser (static/js/outbox.js), so that a report saved offline is recorded once.
    idempotency_key = forms.CharField(
        required=False,
        max_length=idempotency.KEY_LENGTH,
        widget=forms.HiddenInput(attrs={"data-idempotency": ""}),
    )

    def clean_idempotency_key(self) -> str:
        return idempotency.clean_key(self.cleaned_data.get("idempotency_key", ""))


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class EvaluationForm(forms.Form):
    skills = forms.TypedChoiceField(label=_("Technical skills"), choices=SCORE_CHOICES, coerce=int)
    attitude = forms.TypedChoiceField(label=_("Attitude"), choices=SCORE_CHOICES, coerce=int)
    japanese = forms.TypedChoiceField(label=_("Japanese"), choices=SCORE_CHOICES, coerce=int)
    teamwork = forms.TypedChoiceField(label=_("Teamwork"), choices=SCORE_CHOICES, coerce=int)
    overall = forms.TypedChoiceField(label=_("Overall"), choices=SCORE_CHOICES, coerce=int)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    skills_seen = forms.ModelMultipleChoiceField(
        label=_("Skills you saw the intern use"),
        help_text=_(
            "Each one is endorsed on the intern's skill profile with your technical skills score and your "
            "company's name."
        ),
        queryset=Skill.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind != EvaluationKind.OF_INTERN:
            for name in ("skills", "attitude", "japanese", "teamwork", "skills_seen"):
                del self.fields[name]
        else:
            field = self.fields["skills_seen"]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = Skill.objects.all()


class SafetySettingsForm(forms.ModelForm[SafetySettings]):
    class Meta:
        model = SafetySettings
        fields = ("responders_after", "sms_after", "call_list_after", "escalate_after")
