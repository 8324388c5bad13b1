"""Phase deadlines: when a phase ends, and the guard that refuses a change once its phase is over or
past its deadline. Shared by the applications, rankings and company rankings services."""

from datetime import date

from django.core.exceptions import ValidationError

from kakehashi.internships.models import Phase, Round, RoundPhase, today


def phase_deadline(round_: Round, phase: str) -> date | None:
    return RoundPhase.objects.filter(round=round_, phase=phase).values_list("ends_on", flat=True).first()


def _require_before_deadline(round_: Round, phase: str, message: str) -> None:
    deadline = phase_deadline(round_, phase)
    if round_.phase != phase and not (phase == Phase.RANKINGS and round_.phase == Phase.INTERVIEWS):
        raise ValidationError(message)
    if deadline is not None and today() > deadline:
        raise ValidationError(message)
