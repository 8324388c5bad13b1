"""The learning events (kakehashi/learning): a class tomorrow, a grade released, an assignment due.

Imported by the last line of `events.py`. The class and the deadline are timed: each person reads the time
in their own zone first, the zone named (`c.when`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.utils.translation import gettext as _

from kakehashi.notifications.events import Context, Event, register

_WHEN = datetime(2026, 12, 15, 1, 0, tzinfo=UTC)


def _class_tomorrow(c: Context) -> str:
    """The time in the reader's zone first, both zones named; where: the meeting link or the room."""
    return _("Class tomorrow: “%(title)s”, %(when)s, %(where)s.") % {
        "title": c["title"],
        "when": c.when(c["starts_at"]),
        "where": c["where"],
    }


def _sample_class() -> dict[str, Any]:
    return {
        "title": "Online lecture from Nagaoka",
        "starts_at": _WHEN,
        "where": "https://meet.example.org/kakehashi",
    }


register(
    Event(
        "learning.class_tomorrow",
        "learning",
        short=_class_tomorrow,
        timed=True,
        sample=_sample_class,
    )
)


def _grade_released(c: Context) -> str:
    return _("Your work for “%(assignment)s” is graded: %(score)s of 100.") % {
        "assignment": c["assignment"],
        "score": c["score"],
    }


register(
    Event(
        "learning.grade_released",
        "learning",
        short=_grade_released,
        sample=lambda: {"assignment": "Sensor report", "score": 82},
    )
)


def _assignment_due(c: Context) -> str:
    return _("“%(assignment)s” is due %(when)s and you have not handed it in yet.") % {
        "assignment": c["assignment"],
        "when": c.when(c["due_at"]),
    }


register(
    Event(
        "learning.assignment_due",
        "learning",
        short=_assignment_due,
        timed=True,
        sample=lambda: {"assignment": "Sensor report", "due_at": _WHEN},
    )
)
