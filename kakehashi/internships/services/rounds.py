"""Rounds and phases: creating a round with its dated phase plan, moving it to another phase (and
telling the people concerned), and correcting a phase's dates."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kakehashi.core.permissions import Viewer, require
from kakehashi.internships import rules
from kakehashi.internships.models import DATED_PHASES, PHASE_ORDER, Phase, Round, RoundPhase
from kakehashi.internships.services.notifications import _notify, _people_concerned


@transaction.atomic
def round_create(
    *,
    viewer: Viewer,
    name: str,
    key: str,
    internship_starts_on: date,
    internship_ends_on: date,
    phase_dates: dict[str, tuple[date, date]] | None = None,
) -> Round:
    require(rules.can_manage_rounds(viewer))
    if viewer.program is None:
        raise ValidationError(_("Choose a program first."))
    if Round.objects.filter(program=viewer.program, key=key).exists():
        raise ValidationError({"key": _("A round with this key already exists in this program.")})
    round_ = Round(
        program=viewer.program,
        name=name,
        key=key,
        internship_starts_on=internship_starts_on,
        internship_ends_on=internship_ends_on,
    )
    round_.full_clean()
    round_.save()
    phases = phase_dates or default_phase_dates(internship_starts_on)
    RoundPhase.objects.bulk_create(
        RoundPhase(round=round_, phase=phase, starts_on=phases[phase][0], ends_on=phases[phase][1])
        for phase in DATED_PHASES
    )
    return round_


def default_phase_dates(internship_starts_on: date) -> dict[str, tuple[date, date]]:
    """A plan counted back from the internship: two weeks a phase, ending a month before it starts."""
    end = internship_starts_on - timedelta(days=30)
    dates: dict[str, tuple[date, date]] = {}
    for phase in reversed(DATED_PHASES):
        start = end - timedelta(days=13)
        dates[phase] = (start, end)
        end = start - timedelta(days=1)
    return dates


@transaction.atomic
def round_set_phase(*, viewer: Viewer, round_: Round, phase: str) -> Round:
    """Open a phase: the round moves to it (forward or back), and the people it concerns are told."""
    require(rules.can_manage_round(viewer, round_))
    if phase not in PHASE_ORDER:
        raise ValidationError(_("This phase does not exist."))
    if phase == round_.phase:
        raise ValidationError(_("The round is already in this phase."))
    round_.phase = phase
    round_.save(update_fields=["phase", "updated_at"])
    label = Phase(phase).label
    _notify(
        _people_concerned(round_, phase),
        round_,
        "phase_opened",
        lambda: _("%(round)s: the phase “%(phase)s” is open.") % {"round": round_.name, "phase": label},
        round_.get_absolute_url(),
    )
    return round_


def phase_dates_save(*, viewer: Viewer, round_: Round, phase: str, starts_on: date, ends_on: date) -> None:
    require(rules.can_manage_round(viewer, round_))
    if ends_on < starts_on:
        raise ValidationError(_("A phase cannot end before it starts."))
    RoundPhase.objects.update_or_create(
        round=round_, phase=phase, defaults={"starts_on": starts_on, "ends_on": ends_on}
    )
