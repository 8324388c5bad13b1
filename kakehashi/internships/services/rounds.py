"""Rounds and phases: creating a round with its dated phase plan, moving it to another phase (and
telling the people concerned), and correcting a phase's dates."""

from collections.abc import Mapping
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kakehashi.core.dates import written_date
from kakehashi.core.permissions import Viewer, require
from kakehashi.internships import rules
from kakehashi.internships.models import DATED_PHASES, PHASE_ORDER, Phase, Round, RoundPhase
from kakehashi.internships.models import today as models_today
from kakehashi.internships.selectors.rounds import rounds_changed
from kakehashi.internships.services.notifications import _people_concerned, tell
from kakehashi.notifications.events import Localized


@transaction.atomic
def round_create(
    *,
    viewer: Viewer,
    name: Mapping[str, str],
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
        name=dict(name),
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
    rounds_changed()  # the bulk insert sends no signal
    return round_


# The usual plan: two weeks a phase, the last ending a month before the internship starts.
PHASE_DAYS = 14
LEAD_DAYS = 30
# A phase shorter than this cannot be run (people need a few days to apply, rank, answer).
MIN_PHASE_DAYS = 3


def default_phase_dates(
    internship_starts_on: date, today: date | None = None
) -> dict[str, tuple[date, date]]:
    """The plan counted back from the internship: two weeks a phase, ending a month before it starts.

    When that plan would begin before today (an internship under about five months away), the phases start
    today instead and share the days left equally, in the same order. The phases all last the same two
    weeks in the usual plan, so sharing equally is compressing them in proportion. The month before the
    internship is kept while every phase can still have MIN_PHASE_DAYS; after that it is given up too,
    and when even the days up to the internship are too few, the phases get the minimum length and end
    after it starts (`phase_plan_warning` says so)."""
    today = today or models_today()
    end = internship_starts_on - timedelta(days=LEAD_DAYS)
    dates: dict[str, tuple[date, date]] = {}
    for phase in reversed(DATED_PHASES):
        start = end - timedelta(days=PHASE_DAYS - 1)
        dates[phase] = (start, end)
        end = start - timedelta(days=1)
    if dates[DATED_PHASES[0]][0] >= today:
        return dates
    count = len(DATED_PHASES)
    days = (internship_starts_on - timedelta(days=LEAD_DAYS) - today).days
    if days < count * MIN_PHASE_DAYS:
        days = max((internship_starts_on - today).days, count * MIN_PHASE_DAYS)
    length, extra = divmod(days, count)
    start = today
    for index, phase in enumerate(DATED_PHASES):
        # The first phases take the days that do not divide evenly.
        last = start + timedelta(days=length + (1 if index < extra else 0) - 1)
        dates[phase] = (start, last)
        start = last + timedelta(days=1)
    return dates


def phase_plan_warning(internship_starts_on: date, today: date | None = None) -> str | None:
    """What the office must know when the default plan could not be the usual one, or None."""
    today = today or models_today()
    dates = default_phase_dates(internship_starts_on, today)
    first_start = dates[DATED_PHASES[0]][0]
    last_end = dates[DATED_PHASES[-1]][1]
    if first_start != today or (last_end - first_start).days + 1 == len(DATED_PHASES) * PHASE_DAYS:
        return None
    if last_end >= internship_starts_on:
        return _(
            "The internship starts on %(date)s, too soon for the phases of a round: they start today with "
            "the shortest length (%(days)s days each) and end after the internship starts. Move the "
            "internship later, or correct the phase dates on the round's phase page."
        ) % {"date": written_date(internship_starts_on), "days": MIN_PHASE_DAYS}
    return _(
        "The internship starts on %(date)s, too soon for the usual plan (two weeks a phase, the last ending "
        "a month before the internship), which would have deadlines in the past. The phases start today "
        "instead, about %(days)s days each, until %(end)s. Check the dates on the round's phase page."
    ) % {
        "date": written_date(internship_starts_on),
        "days": ((last_end - first_start).days + 1) // len(DATED_PHASES),
        "end": written_date(last_end),
    }


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
    tell(
        _people_concerned(round_, phase),
        round_,
        "internships.phase_opened",
        {"round": Localized(round_, "name"), "phase": label},
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
