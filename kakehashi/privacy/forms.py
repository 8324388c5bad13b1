from django import forms
from django.utils.translation import gettext_lazy as _


class PersonalRecordForm(forms.Form):
    passport_number = forms.CharField(label=_("Passport number"), max_length=20, required=False)
    residence_card_number = forms.CharField(label=_("Residence card number"), max_length=20, required=False)
    health_notes = forms.CharField(
        label=_("Health notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Allergies, medication, anything the safety officer should know in an emergency."),
    )
    emergency_contact = forms.CharField(
        label=_("Emergency contact"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Name, relation and phone number of the person to call."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DeletionRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class DeletionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve: anonymise the person's data")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    rejection_reason = forms.CharField(
        label=_("Reason for rejection"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person sees it. Say what they can do, e.g. which law requires keeping the data."),
    )
