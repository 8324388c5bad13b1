from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Organization, Program
from kakehashi.core.dates import written_date
from kakehashi.core.multilingual.query import translated_order
from kakehashi.core.multilingual.written import as_written
from kakehashi.core.widgets import PrivateFileInput
from kakehashi.programme.figures import figure_choices
from kakehashi.programme.models import Expense, Indicator, LogframeElement, MeetingRecord, Report, ReportKind
from kakehashi.programme.report_layouts import sections_of


class DateInput(forms.DateInput):
    input_type = "date"


class ExpenseForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Expense
        fields = (
            "spent_on",
            "category",
            "description",
            "payee",
            "payee_is_person",
            "amount",
            "currency",
            "rate",
            "receipt",
        )
        widgets = {
            "spent_on": DateInput,
            "receipt": PrivateFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
        }
        help_texts = {"rate": _("For tögrög: how many yen one tögrög was worth on the day. Ignored for yen.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            widget = self.fields["receipt"].widget
            widget.download_url = reverse("programme:expense_receipt", args=[self.instance.pk])  # type: ignore[attr-defined]

    def data_fields(self) -> dict[str, object]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "receipt"}


class ConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReportCreateForm(forms.ModelForm):  # type: ignore[type-arg]
    kind = forms.ChoiceField(label=_("Kind"), choices=ReportKind.choices)

    class Meta:
        model = Report
        fields = ("kind", "period_start", "period_end")
        widgets = {"period_start": DateInput, "period_end": DateInput}


class ReportNarrativeForm(forms.ModelForm):  # type: ignore[type-arg]
    """Only the texts the report's kind prints, each saying under which heading it appears."""

    class Meta:
        model = Report
        fields = ("summary", "progress_notes", "issues", "next_steps")
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        printed = {s.narrative: s.heading_ja for s in sections_of(self.instance) if s.narrative}
        for name in list(self.fields):
            if name not in printed:
                del self.fields[name]
            else:
                # The heading is the Japanese one the funder's form prints: marked as Japanese.
                # The sentence is escaped here and the heading by as_written: nothing unescaped is marked safe.
                self.fields[name].help_text = mark_safe(  # noqa: S308  # nosec B308 B703
                    conditional_escape(_("Printed in the report under “%(heading)s”."))
                    % {"heading": as_written(printed[name], "ja")}
                )


class IndicatorValueForm(forms.Form):
    period_end = forms.DateField(label=_("Period end"), widget=DateInput)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence_file = forms.FileField(label=_("Evidence file (PDF, PNG or JPEG)"), required=False)


class SnapshotForm(forms.Form):
    period_end = forms.DateField(label=_("Period end"), widget=DateInput)


class ActivityDatesForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = LogframeElement
        fields = ("actual_start", "actual_end")
        widgets = {"actual_start": DateInput, "actual_end": DateInput}


class MeetingForm(forms.ModelForm):  # type: ignore[type-arg]
    organizations = forms.ModelMultipleChoiceField(
        label=_("Organizations present"),
        queryset=Organization.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = MeetingRecord
        fields = (
            "held_on",
            "title",
            "place",
            "organizations",
            "attendees",
            "agenda",
            "decisions",
            "follow_up",
        )
        widgets = {
            "held_on": DateInput,
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
            "follow_up": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: object, program: Program, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["organizations"]
        field.queryset = Organization.objects.filter(participations__program=program).order_by(  # type: ignore[attr-defined]
            "kind", translated_order("name")
        )


class IndicatorForm(forms.ModelForm):  # type: ignore[type-arg]
    """The indicator's definition, and one target per fiscal year end of the program."""

    class Meta:
        model = Indicator
        fields = (
            "title",
            "measure",
            "baseline",
            "means_of_verification",
            "source",
        )

    def __init__(self, *args: object, target_periods: list[date], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["source"] = forms.ChoiceField(
            label=_("Platform figure"),
            choices=[("", _("None: entered by hand with evidence")), *figure_choices()],
            required=False,
        )
        self.target_periods = target_periods
        existing = {t.period_end: t.value for t in self.instance.targets.all()} if self.instance.pk else {}
        for period_end in target_periods:
            self.fields[f"target_{period_end:%Y%m%d}"] = forms.DecimalField(
                label=_("Target at %(date)s") % {"date": written_date(period_end)},
                max_digits=14,
                decimal_places=2,
                required=False,
                initial=existing.get(period_end),
            )

    def targets(self) -> dict[date, Decimal | None]:
        return {p: self.cleaned_data.get(f"target_{p:%Y%m%d}") for p in self.target_periods}
