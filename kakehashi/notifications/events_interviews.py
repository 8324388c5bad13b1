"""Events of interviews that move: cancelled, moved to another time, and the reminders 24 hours and one
hour before. Each is timed (rendered per time zone: every person reads their side's time first, the zone
named) and may reach an interpreter without an account by email (`external`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils.translation import gettext as _

from kakehashi.notifications.events import _WHEN, Context, Event, register

_SAMPLE: dict[str, Any] = {
    "place": "Embedded engineer",
    "starts_at": _WHEN,
    "reason": "The interviewer is ill.",
    "meeting": "https://meet.example.com/kakehashi-12",
    "link": "https://example.com/rounds/interviews/12/invite.ics",
}
_ICS = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


def _ics(c: Context) -> tuple[str, bytes, str]:
    return ("interview.ics", c["ics"], "text/calendar")


def _meeting(c: Context) -> str:
    return ("\n" + _("Meeting link: %(link)s") % {"link": c["meeting"]}) if c.get("meeting") else ""


def _invitation(c: Context) -> str:
    return (
        "\n\n"
        + _("The updated calendar invitation is attached; you can also download it here: %(url)s")
        % {"url": c["link"]}
        + "\n"
    )


def _tomorrow(c: Context) -> str:
    return _("Reminder: your interview for %(place)s is tomorrow, %(when)s.") % {
        "place": c["place"],
        "when": c.when(c["starts_at"]),
    }


def _in_an_hour(c: Context) -> str:
    return _("Your interview for %(place)s starts in one hour, at %(when)s.") % {
        "place": c["place"],
        "when": c.when(c["starts_at"]),
    }


def _cancelled(c: Context) -> str:
    return _("The interview on %(when)s (%(place)s) was cancelled. Reason: %(reason)s") % {
        "when": c.when(c["starts_at"]),
        "place": c["place"],
        "reason": c["reason"],
    }


def _moved(c: Context) -> str:
    return _("The interview for %(place)s was moved to %(when)s (it was %(old)s). Reason: %(reason)s") % {
        "place": c["place"],
        "when": c.when(c["starts_at"]),
        "old": c.when(c["old_starts_at"]),
        "reason": c["reason"],
    }


register(
    Event(
        "internships.interview_cancelled",
        "interviews",
        short=_cancelled,
        subject=lambda c: (
            _("Interview cancelled: %(place)s, %(when)s")
            % {"place": c["place"], "when": c.when(c["starts_at"])}
        ),
        body=lambda c: _cancelled(c) + _invitation(c),
        timed=True,
        external=True,
        attachment=_ics,
        sample=lambda: {**_SAMPLE, "ics": _ICS},
    )
)
register(
    Event(
        "internships.interview_moved",
        "interviews",
        short=_moved,
        subject=lambda c: (
            _("Interview moved to %(when)s: %(place)s")
            % {"place": c["place"], "when": c.when(c["starts_at"])}
        ),
        body=lambda c: _moved(c) + _meeting(c) + _invitation(c),
        timed=True,
        external=True,
        attachment=_ics,
        sample=lambda: {**_SAMPLE, "old_starts_at": _WHEN - timedelta(days=1), "ics": _ICS},
    )
)
register(
    Event(
        "internships.interview_reminder_day",
        "interviews",
        short=_tomorrow,
        body=lambda c: _tomorrow(c) + _meeting(c) + "\n",
        timed=True,
        external=True,
        sample=lambda: dict(_SAMPLE),
    )
)
register(
    Event(
        "internships.interview_reminder_hour",
        "interviews",
        short=_in_an_hour,
        body=lambda c: _in_an_hour(c) + _meeting(c) + "\n",
        timed=True,
        external=True,
        sample=lambda: dict(_SAMPLE),
    )
)
