from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.forms import NamePartsMixin
from kakehashi.core.fields import WebURLFormField
from kakehashi.core.multilingual.forms import TranslatedFormField
from kakehashi.core.validators import no_control_characters
from kakehashi.internships.models import (
    PHASE_ORDER,
    Algorithm,
    Application,
    JapaneseLevel,
    JapaneseRule,
    JapaneseTest,
    Phase,
    Place,
    Proposing,
)
from kakehashi.internships.models.applications import NAME_PART_FIELDS, name_parts_of


class DateInput(forms.DateInput):
    input_type = "date"


class RoundForm(forms.Form):
    name = TranslatedFormField(label=_("Name"), max_length=200)
    key = forms.SlugField(label=_("Key"), max_length=60)
    internship_starts_on = forms.DateField(label=_("Internship starts on"), widget=DateInput)
    internship_ends_on = forms.DateField(label=_("Internship ends on"), widget=DateInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("internship_starts_on"), data.get("internship_ends_on")
        if starts and ends and ends < starts:
            raise forms.ValidationError(_("The internship cannot end before it starts."))
        return data


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=[(p, Phase(p).label) for p in PHASE_ORDER])


class PhaseDatesForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)


class PlaceForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Place
        fields = [
            "title",
            "description",
            "field",
            "skills",
            "japanese_level",
            "capacity",
            "starts_on",
            "ends_on",
            "location",
            "paid",
            "housing",
        ]
        widgets = {"starts_on": DateInput, "ends_on": DateInput}


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("return", _("Return to the company"))]
    )
    reason = forms.CharField(label=_("Reason for returning"), widget=forms.Textarea, required=False)


class ApplicationForm(NamePartsMixin, forms.ModelForm):  # type: ignore[type-arg]
    """The student's profile for a round; the name in parts as the profile page asks it (family and given
    name in Latin script, in the student's own script, a reading for a Japanese name)."""

    cv_upload = forms.FileField(label=_("CV (PDF, at most 5 MB)"), required=False)

    class Meta:
        model = Application
        fields = [
            *NAME_PART_FIELDS,
            "department",
            "year",
            "skills",
            "japanese_level",
            "portfolio_links",
            "statement",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_name_fields(require_latin=True)
        if self.instance.pk and not self.is_bound:
            # An application saved before its name had parts shows the name split.
            self.initial.update(name_parts_of(self.instance))


class NominationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("nominate", _("Nominate")), ("decline", _("Do not nominate"))]
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea)


class RunForm(forms.Form):
    """A run's parameters, with one optional cap for each college that has confirmed nominees."""

    algorithm = forms.ChoiceField(label=_("Algorithm"), choices=Algorithm.choices, initial=Algorithm.DA)
    proposing = forms.ChoiceField(label=_("Proposing side"), choices=Proposing.choices)
    seed = forms.IntegerField(label=_("Seed"), min_value=0, initial=0)
    japanese_rule = forms.ChoiceField(
        label=_("Minimum Japanese level of a place"),
        choices=JapaneseRule.choices,
        initial=JapaneseRule.IGNORE,
        required=False,  # left out (an older form, a script): the minimum is ignored, as before
        help_text=_("Compared with the level the program office verified, not the level typed in."),
    )

    def __init__(self, *args: Any, colleges: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.colleges = list(colleges or [])
        for key, name in self.colleges:
            self.fields[f"cap-{key}"] = forms.IntegerField(
                label=_("Cap per place for %(college)s") % {"college": name},
                min_value=1,
                required=False,
                help_text=_("At most this many students of this college in each place; empty for no cap."),
            )

    def parameters(self) -> dict[str, Any]:
        """The cleaned parameters as run_create takes them: caps by college key."""
        data = self.cleaned_data
        caps = {key: data[f"cap-{key}"] for key, _name in self.colleges if data.get(f"cap-{key}")}
        return {
            "algorithm": data["algorithm"],
            "proposing": data["proposing"],
            "seed": data["seed"],
            "college_caps": caps,
            "japanese_rule": data.get("japanese_rule") or JapaneseRule.IGNORE,
        }


class SlotForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=10, max_value=180, initial=30)
    meeting_url = WebURLFormField(label=_("Meeting link"), required=False)


class InterviewFilterForm(forms.Form):
    """The program office's filters of a round's interviews (a GET form: every field optional)."""

    q = forms.CharField(label=_("Student's name"), required=False, max_length=100)
    company = forms.TypedChoiceField(label=_("Company"), required=False, coerce=int, empty_value=None)
    place = forms.TypedChoiceField(label=_("Place"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    date_from = forms.DateField(label=_("First day"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Last day"), required=False, widget=DateInput)

    def __init__(self, *args: Any, places: list[Place], statuses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        companies = {p.company_id: p.company for p in places}
        self.fields["company"].choices = [("", _("All companies"))] + [  # type: ignore[attr-defined]
            (pk, str(company.name)) for pk, company in companies.items()
        ]
        self.fields["place"].choices = [("", _("All places"))] + [  # type: ignore[attr-defined]
            (p.pk, f"{p.company.name}: {p.title}") for p in places
        ]
        self.fields["status"].choices = [("", _("All statuses")), *statuses]  # type: ignore[attr-defined]


class CancelInterviewForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The student, your company and the interpreter read it."),
    )


class MoveInterviewForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("New time (Tokyo time)"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=10, max_value=180)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The student, your company and the interpreter read it."),
    )


SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


class ScorecardForm(forms.Form):
    technical = forms.TypedChoiceField(
        label=_("Technical skill"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    communication = forms.TypedChoiceField(
        label=_("Communication"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    motivation = forms.TypedChoiceField(
        label=_("Motivation"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    japanese = forms.TypedChoiceField(
        label=_("Japanese"), choices=SCORE_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InterpreterForm(forms.Form):
    name = forms.CharField(
        label=_("Interpreter's name"),
        max_length=200,
        required=False,
        validators=[no_control_characters],
        help_text=_("Leave both fields empty to remove the interpreter."),
    )
    contact = forms.CharField(
        label=_("Contact (email or phone)"),
        max_length=200,
        required=False,
    )


class JapaneseResultForm(forms.Form):
    test = forms.ChoiceField(label=_("Test"), choices=JapaneseTest.choices)
    level = forms.ChoiceField(
        label=_("Level passed"), choices=[c for c in JapaneseLevel.choices if c[0] != JapaneseLevel.NONE]
    )
    taken_on = forms.DateField(label=_("Date of the test"), widget=DateInput)
    certificate = forms.FileField(
        label=_("Certificate of the result"),
        help_text=_("A scan or photo of the official result (PDF, PNG or JPEG, at most 5 MB)."),
    )


class JapaneseReviewForm(forms.Form):
    review_note = forms.CharField(
        label=_("Reason (needed to return it)"),
        max_length=300,
        required=False,
        validators=[no_control_characters],
    )
