from django import forms
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Organization
from kakehashi.core.multilingual.forms import LanguageSelect
from kakehashi.core.validators import no_control_characters
from kakehashi.internships.models.places import JapaneseLevel
from kakehashi.learning.models.skills import Skill
from kakehashi.talent.models import TalentProfile

DATE = {"type": "date"}


class JoinForm(forms.ModelForm[TalentProfile]):
    agree = forms.BooleanField(label=_("I agree to the text above."), required=True)

    class Meta:
        model = TalentProfile
        fields = ("graduation_on", "headline", "headline_language", "listed")
        widgets = {
            "graduation_on": forms.DateInput(DATE, format="%Y-%m-%d"),
            "headline": forms.Textarea(attrs={"rows": 4}),
            "headline_language": LanguageSelect,
        }


class InviteForm(forms.Form):
    company: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Company"), queryset=Organization.objects.none(), empty_label=None
    )
    message = forms.CharField(
        label=_("Message to the person"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say what the work is and when you could talk. They answer in Kakehashi."),
    )

    def __init__(self, *args, companies, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies  # type: ignore[attr-defined]  # the viewer's companies


class PoolFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100, validators=[no_control_characters])
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.all(), required=False)
    japanese = forms.ChoiceField(
        label=_("Japanese (verified), at least"),
        required=False,
        choices=[
            ("", _("Any")),
            *[(code, label) for code, label in JapaneseLevel.choices if code != JapaneseLevel.NONE],
        ],
    )
    graduating_by = forms.DateField(label=_("Graduating by"), required=False, widget=forms.DateInput(DATE))
