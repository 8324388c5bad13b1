"""One student booking two different slots that overlap, at the same instant, from two tabs: exactly one
booking stands, on SQLite as on PostgreSQL. Each booking is serialized per student before it reads
anything (interviews.slot_book), so the second one sees the first and is refused as an overlap."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from kakehashi.core.permissions import Viewer, build_viewer
from kakehashi.core.testing.concurrency import (  # noqa: F401 - committed_demo is a fixture
    committed_demo,
    in_parallel,
    is_postgresql,
)
from kakehashi.internships import interviews
from kakehashi.internships.models import Application, InterviewSlot, Phase
from kakehashi.internships.tests.conftest import SmallRound


@pytest.mark.usefixtures("committed_demo")
def test_two_overlapping_bookings_by_one_student_at_once_leave_one(
    transactional_db: None, viewer_of: Callable[[str], Viewer]
) -> None:
    small_round = SmallRound(viewer_of)
    application = small_round.applicant("Anujin Dorj", places=[small_round.place, small_round.other])
    small_round.phase(Phase.INTERVIEWS)
    at = timezone.now() + timedelta(days=3)
    slots = [
        InterviewSlot.objects.create(place=small_round.place, starts_at=at, minutes=30),
        InterviewSlot.objects.create(
            place=small_round.other, starts_at=at + timedelta(minutes=10), minutes=30
        ),
    ]
    student_id, program_id = application.student_id, small_round.program.pk

    def book(i: int) -> InterviewSlot:
        from kakehashi.accounts.models import User

        viewer = build_viewer(User.objects.get(pk=student_id), program_id)
        # A new thread speaks the site's default language (Japanese), not the test's.
        with translation.override("en"):
            return interviews.slot_book(
                viewer=viewer,
                application=Application.objects.get(pk=application.pk),
                slot=InterviewSlot.objects.get(pk=slots[i].pk),
                interpreter=False,
            )

    for _attempt in range(3):  # the threads meet at a barrier; a few tries make the overlap likely
        InterviewSlot.objects.filter(pk__in=[s.pk for s in slots]).update(application=None)
        outcomes = in_parallel(2, book)
        booked = InterviewSlot.objects.filter(application=application, cancelled_at__isnull=True)
        assert booked.count() == 1, outcomes
        winners = [o for o in outcomes if isinstance(o, InterviewSlot)]
        assert len(winners) == 1, outcomes
        [loser] = [o for o in outcomes if not isinstance(o, InterviewSlot)]
        if is_postgresql():
            # The second waited for the first's lock, then read its interview.
            assert isinstance(loser, ValidationError), outcomes
            assert "another interview at that time" in str(loser)
        else:
            # The test database is SQLite in memory with a shared cache, which refuses a second writer at
            # once ("table is locked") instead of waiting as a database file does (busy timeout): either
            # way the second booking does not stand.
            assert isinstance(loser, ValidationError | OperationalError), outcomes


def test_the_booking_takes_the_students_lock_before_it_reads_anything(small_round: SmallRound) -> None:
    """The first statement of the booking's transaction writes the application's row: on PostgreSQL a row
    lock, on SQLite the database's write lock, whatever the transaction mode; so a second booking of the
    same student waits, then reads what the first one wrote."""
    application = small_round.applicant("Anujin Dorj", places=[small_round.place])
    small_round.phase(Phase.INTERVIEWS)
    slot = InterviewSlot.objects.create(place=small_round.place, starts_at=timezone.now() + timedelta(days=3))
    viewer = small_round.viewer_for_user(application.student)
    with CaptureQueriesContext(connection) as queries:
        interviews.slot_book(viewer=viewer, application=application, slot=slot, interpreter=False)
    statements = [
        q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "BEGIN"))
    ]
    first = statements[0]
    assert first.startswith("UPDATE"), first
    assert "internships_application" in first
