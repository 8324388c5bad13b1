"""The rounds under way that every home reads (selectors.rounds_under_way): kept per program, read again
as soon as a round or a phase date changes through the services."""

from collections.abc import Callable
from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kakehashi.core.permissions import Viewer
from kakehashi.internships import selectors, services
from kakehashi.internships.models import Phase, Round
from kakehashi.internships.selectors.rounds import LIVE_PHASES


def under_way(viewer: Viewer) -> tuple[int, dict[int, tuple[str, dict[str, date]]]]:
    """The queries of one read, and what it gave: each round's phase and its phases' end dates."""
    with CaptureQueriesContext(connection) as queries:
        rounds = selectors.rounds_under_way(viewer)
    return len(queries), {
        round_.pk: (round_.phase, {p.phase: p.ends_on for p in round_.phases.all()}) for round_ in rounds
    }


def test_the_rounds_under_way_are_read_once_then_again_after_each_change(
    db: None, viewer_of: Callable[[str], Viewer]
) -> None:
    manager = viewer_of("manager")
    queries, first = under_way(manager)
    assert queries == 2  # the rounds, then their phase dates
    expected = {
        round_.pk: round_.phase
        for round_ in Round.objects.filter(program=manager.program, phase__in=LIVE_PHASES)
    }
    assert {pk: phase for pk, (phase, _ends) in first.items()} == expected
    assert under_way(manager) == (0, first)  # kept, for everyone of the program
    assert under_way(viewer_of("student"))[0] == 0

    # A new round, then its first phase: it is not under way while a draft, then it is.
    round_ = services.round_create(
        viewer=manager,
        name={"en": "Kept round"},
        key="kept-round",
        internship_starts_on=date(2031, 3, 1),
        internship_ends_on=date(2031, 3, 14),
    )
    assert round_.pk not in under_way(manager)[1]
    services.round_set_phase(viewer=manager, round_=round_, phase=Phase.PLACES)
    queries, now = under_way(manager)
    assert queries == 2
    assert now[round_.pk][0] == Phase.PLACES

    # A phase date moved: read again, with the new date.
    services.phase_dates_save(
        viewer=manager,
        round_=round_,
        phase=Phase.PLACES,
        starts_on=date(2031, 1, 5),
        ends_on=date(2031, 1, 20),
    )
    queries, now = under_way(manager)
    assert queries == 2
    assert now[round_.pk][1][Phase.PLACES] == date(2031, 1, 20)

    # Closed: no longer under way.
    services.round_set_phase(viewer=manager, round_=round_, phase=Phase.CLOSED)
    assert round_.pk not in under_way(manager)[1]
