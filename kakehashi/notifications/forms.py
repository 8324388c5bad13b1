from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kakehashi.core import times
from kakehashi.notifications import channels
from kakehashi.notifications.events import KINDS
from kakehashi.notifications.models import Preference


class PreferenceForm(forms.Form):
    """Channels per kind of event (safety always comes by every channel) and quiet hours."""

    quiet_from = forms.TimeField(
        label=_("Quiet hours from"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    quiet_until = forms.TimeField(
        label=_("Quiet hours until"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone of your quiet hours"),
        required=False,
        choices=[
            ("", _("My side of the program")),
            (times.TOKYO, _("Tokyo")),
            (times.ULAANBAATAR, _("Ulaanbaatar")),
        ],
    )

    def __init__(self, *args: Any, preference: Preference | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(key, channels.CHANNELS[key].label) for key in channels.choosable_keys()]
        chosen = preference.channels if preference else {}
        for kind, label in KINDS.items():
            if kind == "safety":
                continue
            self.fields[f"kind_{kind}"] = forms.MultipleChoiceField(
                label=label,
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=chosen.get(kind, [key for key, _label in choices]),
            )
        if preference is not None:
            self.fields["quiet_from"].initial = preference.quiet_from
            self.fields["quiet_until"].initial = preference.quiet_until
            self.fields["time_zone"].initial = preference.time_zone

    def kind_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("kind_")]

    def channels_by_kind(self) -> dict[str, list[str]]:
        return {
            name.removeprefix("kind_"): list(value)
            for name, value in self.cleaned_data.items()
            if name.startswith("kind_")
        }
