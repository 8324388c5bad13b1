from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Organization, User, by_name
from kakehashi.careers.checklist import DOCUMENT_TITLES
from kakehashi.careers.models import ResidenceKind
from kakehashi.core.validators import no_control_characters

DATE = {"type": "date"}
SCORES = [(n, str(n)) for n in range(1, 6)]


class OfferForm(forms.Form):
    company = forms.ModelChoiceField(label=_("Company"), queryset=Organization.objects.none())
    student = forms.ModelChoiceField(label=_("Student"), queryset=User.objects.none())
    title = forms.CharField(label=_("Job title"), max_length=200, validators=[no_control_characters])
    description = forms.CharField(
        label=_("What the work is"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    monthly_salary_jpy = forms.IntegerField(label=_("Monthly salary (JPY)"), min_value=0, required=False)
    graduation_on = forms.DateField(label=_("Expected graduation"), widget=forms.DateInput(DATE))
    start_on = forms.DateField(label=_("Proposed start"), widget=forms.DateInput(DATE))

    def __init__(self, *args: Any, companies: Any, students: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        company = self.fields["company"]
        student = self.fields["student"]
        assert isinstance(company, forms.ModelChoiceField)
        assert isinstance(student, forms.ModelChoiceField)
        company.queryset = companies
        student.queryset = User.objects.filter(pk__in=[s.pk for s in students]).order_by(*by_name())


class HireForm(forms.Form):
    start_on = forms.DateField(label=_("Start date"), widget=forms.DateInput(DATE))
    graduated_on = forms.DateField(label=_("Graduated on"), widget=forms.DateInput(DATE), required=False)
    left_on = forms.DateField(label=_("Left the company on"), widget=forms.DateInput(DATE), required=False)
    documents = forms.MultipleChoiceField(
        label=_("Change of status of residence: documents ready"),
        choices=[(key, title) for key, title in DOCUMENT_TITLES.items()],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class RetentionForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you? (1 to 5)"), choices=SCORES, coerce=int
    )
    still_employed = forms.TypedChoiceField(
        label=_("Does the person still work with you?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        required=False,
    )
    wants_to_stay = forms.TypedChoiceField(
        label=_("Do you want to stay with this company?"),
        choices=[("yes", _("Yes")), ("no", _("No")), ("unsure", _("Not sure"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        required=False,
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, side: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["wants_to_stay" if side == "company" else "still_employed"]


class AlumniProfileForm(forms.Form):
    listed = forms.BooleanField(label=_("List me in the alumni directory"), required=False)
    headline = forms.CharField(label=_("Headline"), max_length=200, required=False)
    contact = forms.CharField(label=_("How to reach me"), max_length=200, required=False)


class ResidencePeriodForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ResidenceKind.choices)
    granted_on = forms.DateField(label=_("Granted on"), widget=forms.DateInput(attrs=DATE))
    expires_on = forms.DateField(label=_("Expires on"), widget=forms.DateInput(attrs=DATE))


class JobChangeForm(forms.Form):
    left_on = forms.DateField(label=_("Left the company on"), widget=forms.DateInput(attrs=DATE))
    new_employer = forms.CharField(
        label=_("New employer"), max_length=200, required=False, validators=[no_control_characters]
    )
    stays_in_niigata = forms.NullBooleanField(
        label=_("The new job is in Niigata Prefecture"),
        widget=forms.Select(choices=[("unknown", _("Not known")), ("true", _("Yes")), ("false", _("No"))]),
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason, as the graduate or the company gave it"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        validators=[no_control_characters],
    )
