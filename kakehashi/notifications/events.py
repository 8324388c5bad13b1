"""The event catalog: every message the platform sends a person, in one place.

Each event has a key, a kind (what a person chooses channels for), an urgency, who may receive it (the
roles; None: anyone with an account), its default channels, and its texts per channel: the in-app inbox's
short text, an email's subject and body (by default "Kakehashi: <short text>" and the short text with its
link). The texts are functions of the event's context and are called inside the recipient's language, with
`c.when(datetime)` giving a time as the recipient reads it (their side's zone first). `sample` builds a
context for the tests that render every event in every language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kakehashi.accounts.roles import Role
from kakehashi.core import times
from kakehashi.notifications.models import Urgency


class Context:
    """An event's context as one recipient's texts read it: the values, and their time zone."""

    def __init__(self, values: Mapping[str, Any], zone: str = times.TOKYO) -> None:
        self.values = values
        self.zone = zone

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def when(self, value: datetime) -> str:
        return times.both_zones(value, self.zone)


Text = Callable[[Context], str]


class Later:
    """A value written when a text is rendered, in the recipient's language (a choice's label, an
    object's name made of translated words)."""

    def __init__(self, make: Callable[[], object]) -> None:
        self.make = make

    def __str__(self) -> str:
        return str(self.make())


class Localized:
    """A multilingual title (a TranslatedField) shown in the language active when a
    text is rendered: each recipient reads their own (kakehashi.core.i18n.localized)."""

    def __init__(self, obj: Any, field: str = "title") -> None:
        self.obj, self.field = obj, field

    def __str__(self) -> str:
        from kakehashi.core.i18n import localized

        return str(localized(self.obj, self.field))


@dataclass(frozen=True)
class Event:
    key: str
    kind: str
    short: Text
    subject: Text | None = None
    body: Text | None = None
    # What a chat app (LINE, Messenger) or an SMS says; by default the short text and its link.
    chat: Text | None = None
    urgency: str = Urgency.NORMAL
    roles: frozenset[str] | None = None
    # The chat apps reach only the people who linked an account, Web Push only those who subscribed a
    # browser; SMS is never a default (the safety ladder sends by it on purpose: notify(..., only=("sms",))).
    channels: tuple[str, ...] = ("inapp", "email", "line", "messenger", "webpush")
    timed: bool = False  # its texts show times: rendered once per time zone, not only per language
    external: bool = False  # may go to an address without an account (by email)
    secret: bool = False  # its texts hold a secret link: not kept once sent
    attachment: Callable[[Context], tuple[str, bytes, str]] | None = None
    on_sent: str = ""  # dotted path of a function called with the deliveries sent (not in-app)
    on_failed: str = ""  # ... and with the deliveries that failed after their attempts
    sample: Callable[[], dict[str, Any]] = field(default=dict)

    @property
    def urgent(self) -> bool:
        return self.urgency == Urgency.URGENT_SAFETY

    def render_subject(self, c: Context) -> str:
        if self.subject is not None:
            return self.subject(c)
        return _("Kakehashi: %(text)s") % {"text": self.short(c)[:80]}

    def render_chat(self, c: Context, link: str) -> str:
        if self.chat is not None:
            return self.chat(c)
        return f"{self.short(c)}\n{link}" if link else self.short(c)

    def render_body(self, c: Context, link: str) -> str:
        if self.body is not None:
            return self.body(c)
        return f"{self.short(c)}\n\n{link}\n" if link else f"{self.short(c)}\n"


KINDS: dict[str, Any] = {
    "safety": gettext_lazy("Safety"),
    "account": gettext_lazy("Your account"),
    "rounds": gettext_lazy("Internship rounds"),
    "interviews": gettext_lazy("Interviews"),
    "readiness": gettext_lazy("Company readiness"),
    "support": gettext_lazy("Network support"),
    "careers": gettext_lazy("Jobs and retention"),
    "learning": gettext_lazy("Classes and coursework"),
    "programme": gettext_lazy("Programme office"),
    "conversations": gettext_lazy("Conversations"),
}

EVENTS: dict[str, Event] = {}


def register(event: Event) -> Event:
    assert event.kind in KINDS, event.kind
    EVENTS[event.key] = event
    return event


def get(key: str) -> Event:
    return EVENTS[key]


_WHEN = datetime(2026, 12, 15, 1, 0, tzinfo=UTC)
COMPANY = frozenset({Role.COMPANY_ADMIN})
OFFICE = frozenset({Role.PROGRAM_MANAGER, Role.ACCOUNTANT, Role.CITY_OFFICER})


# --- accounts and companies (email to people without an account yet) ------------------------------


def _invitation_subject(c: Context) -> str:
    return render_to_string("accounts/email/invitation_subject.txt", dict(c.values)).strip()


def _invitation_body(c: Context) -> str:
    return render_to_string("accounts/email/invitation_body.txt", dict(c.values))


def _sample_invitation() -> dict[str, Any]:
    from types import SimpleNamespace

    program = SimpleNamespace(title="JICA DX")
    organization = SimpleNamespace(name="Nagaoka Seiki")
    invitation = SimpleNamespace(
        name_latin="Bat",
        email="bat@example.com",
        invited_by=SimpleNamespace(display_name="Sato"),
        organization=organization,
        get_role_display=lambda: "Mentor",
        program=program,
    )
    return {"invitation": invitation, "url": "https://example.com/i/x", "days": 7}


register(
    Event(
        "accounts.invitation",
        "account",
        short=_invitation_subject,
        subject=_invitation_subject,
        body=_invitation_body,
        channels=("email",),
        external=True,
        secret=True,
        sample=_sample_invitation,
    )
)


def _sample_interest() -> dict[str, Any]:
    from types import SimpleNamespace

    return {"company": SimpleNamespace(contact_name="Sato", name="Nagaoka Seiki")}


register(
    Event(
        "companies.interest_received",
        "account",
        short=lambda c: render_to_string("companies/email/interest_subject.txt", dict(c.values)).strip(),
        subject=lambda c: render_to_string("companies/email/interest_subject.txt", dict(c.values)).strip(),
        body=lambda c: render_to_string("companies/email/interest_body.txt", dict(c.values)),
        channels=("email",),
        external=True,
        sample=_sample_interest,
    )
)


# --- safety (urgent: every channel, whatever the quiet hours) --------------------------------------

_ON_SENT = "kakehashi.operations.services.notices.deliveries_sent"
_ON_FAILED = "kakehashi.operations.services.notices.deliveries_failed"


def _alert_subject(text: Text) -> Text:
    def subject(c: Context) -> str:
        base = text(c)
        return _("Escalated: %(subject)s") % {"subject": base} if c.get("level") else base

    return subject


def _alert_body(c: Context) -> str:
    return _(
        "Nobody has acknowledged this alert yet. Open it, contact the intern and acknowledge it: %(url)s"
    ) % {"url": c["link"]}


def _missed(c: Context) -> str:
    return _("Kakehashi: %(intern)s has not checked in today") % {"intern": c["intern"]}


def _help(c: Context) -> str:
    return _("Kakehashi: %(intern)s asks for help") % {"intern": c["intern"]}


def _sample_alert() -> dict[str, Any]:
    return {"intern": "Nomin Bat", "level": 1, "link": "https://example.com/operations/alerts/"}


for _key, _text in (("operations.missed_checkin", _missed), ("operations.help_requested", _help)):
    register(
        Event(
            _key,
            "safety",
            short=_alert_subject(_text),
            subject=_alert_subject(_text),
            body=_alert_body,
            urgency=Urgency.URGENT_SAFETY,
            sample=_sample_alert,
            on_sent=_ON_SENT,
            on_failed=_ON_FAILED,
        )
    )


def _incident_subject(c: Context) -> str:
    return _("Kakehashi: an incident was reported for %(intern)s (%(severity)s)") % {
        "intern": c["intern"],
        "severity": c["severity"],
    }


register(
    Event(
        "operations.incident_reported",
        "safety",
        short=_incident_subject,
        subject=_incident_subject,
        body=lambda c: _("Read what happened and what was done: %(url)s") % {"url": c["link"]},
        urgency=Urgency.URGENT_SAFETY,
        sample=lambda: {
            "intern": "Nomin Bat",
            "severity": gettext_lazy("High"),
            "link": "https://example.com/operations/incidents/1/",
        },
        on_sent=_ON_SENT,
        on_failed=_ON_FAILED,
    )
)

register(
    Event(
        "operations.safety_email_failed",
        "safety",
        short=lambda c: _(
            "A safety email could not be sent. Open the alerts, tell the people named there another way "
            "and check the intern's details."
        ),
        urgency=Urgency.URGENT_SAFETY,
        channels=("inapp",),  # the email is what failed: the administrators are told in the app
    )
)


def _intern_missed(c: Context) -> str:
    return _("Kakehashi: you have not checked in today. Are you safe?")


def _intern_missed_chat(c: Context) -> str:
    return _(
        "Kakehashi: you have not checked in today. Reply OK to this message, or tap this link to say you "
        "are safe: %(tap)s"
    ) % {"tap": c["tap"]}


register(
    Event(
        "operations.checkin_missed_intern",
        "safety",
        short=_intern_missed,
        chat=_intern_missed_chat,
        body=_intern_missed_chat,
        urgency=Urgency.URGENT_SAFETY,
        secret=True,  # the one-tap link is not kept once sent
        sample=lambda: {"tap": "https://example.com/operations/c/token/"},
        on_sent=_ON_SENT,
        on_failed=_ON_FAILED,
    )
)


def _call_list(c: Context) -> str:
    return _(
        "Kakehashi: %(intern)s has still not checked in. Call them and their emergency contacts: %(url)s"
    ) % {"intern": c["intern"], "url": c["link"]}


register(
    Event(
        "operations.call_list",
        "safety",
        short=lambda c: (
            _("Kakehashi: %(intern)s has still not checked in. Call them.") % {"intern": c["intern"]}
        ),
        body=_call_list,
        chat=_call_list,
        urgency=Urgency.URGENT_SAFETY,
        roles=frozenset({Role.SAFETY_OFFICER, Role.PROGRAM_MANAGER}),
        sample=lambda: {"intern": "Nomin Bat", "link": "https://example.com/operations/alerts/1/call-list/"},
        on_sent=_ON_SENT,
        on_failed=_ON_FAILED,
    )
)

register(
    Event(
        "operations.checked_in_by_reply",
        "safety",
        short=lambda c: _("Thank you. Your check-in for today is recorded."),
        urgency=Urgency.URGENT_SAFETY,
    )
)

register(
    Event(
        "notifications.chat_linked",
        "account",
        short=lambda c: (
            _("Your %(channel)s account is linked: Kakehashi will write to you here.")
            % {"channel": {"line": "LINE", "messenger": "Messenger"}.get(c["channel"], c["channel"])}
        ),
        sample=lambda: {"channel": "line"},
    )
)

register(
    Event(
        "notifications.chat_not_understood",
        "account",
        short=lambda c: _(
            "Kakehashi cannot answer messages here. To check in, reply OK. For anything else, open Kakehashi."
        ),
    )
)


# --- internship rounds ------------------------------------------------------------------------------

register(
    Event(
        "internships.phase_opened",
        "rounds",
        short=lambda c: (
            _("%(round)s: the phase “%(phase)s” is open.") % {"round": c["round"], "phase": c["phase"]}
        ),
        sample=lambda: {"round": "2026-03", "phase": gettext_lazy("Applications")},
    )
)
register(
    Event(
        "internships.deadline",
        "rounds",
        short=lambda c: (
            _("%(round)s: the phase “%(phase)s” ends in two days.")
            % {"round": c["round"], "phase": c["phase"]}
        ),
        sample=lambda: {"round": "2026-03", "phase": gettext_lazy("Applications")},
    )
)
register(
    Event(
        "internships.result_published",
        "rounds",
        short=lambda c: _("The results of %(round)s are published.") % {"round": c["round"]},
        sample=lambda: {"round": "2026-03"},
    )
)
register(
    Event(
        "internships.place_approved",
        "rounds",
        short=lambda c: _("Your place “%(title)s” was approved.") % {"title": c["title"]},
        roles=COMPANY,
        sample=lambda: {"title": "Embedded engineer"},
    )
)
register(
    Event(
        "internships.place_returned",
        "rounds",
        short=lambda c: (
            _("Your place “%(title)s” was returned: %(reason)s")
            % {"title": c["title"], "reason": c["reason"]}
        ),
        roles=COMPANY,
        sample=lambda: {"title": "Embedded engineer", "reason": "…"},
    )
)
register(
    Event(
        "internships.nominated",
        "rounds",
        short=lambda c: _("Your college nominated you for %(round)s.") % {"round": c["round"]},
        roles=frozenset({Role.STUDENT}),
        sample=lambda: {"round": "2026-03"},
    )
)
register(
    Event(
        "internships.not_nominated",
        "rounds",
        short=lambda c: _("Your college did not nominate you for %(round)s.") % {"round": c["round"]},
        roles=frozenset({Role.STUDENT}),
        sample=lambda: {"round": "2026-03"},
    )
)


# --- interviews ---------------------------------------------------------------------------------------

_INTERVIEW_SAMPLE = {"place": "Embedded engineer", "starts_at": _WHEN, "link": "https://example.com/ics"}


def _interview_ics(c: Context) -> tuple[str, bytes, str]:
    return ("interview.ics", c["ics"], "text/calendar")


register(
    Event(
        "internships.interview_booked",
        "interviews",
        short=lambda c: (
            _("Interview invitation for %(when)s: %(place)s.")
            % {"when": c.when(c["starts_at"]), "place": c["place"]}
        ),
        subject=lambda c: (
            _("Interview on %(when)s: %(place)s") % {"when": c.when(c["starts_at"]), "place": c["place"]}
        ),
        body=lambda c: (
            _(
                "Your interview for %(place)s is on %(when)s. It is in your calendar invitation; you can "
                "also download it here: %(url)s"
            )
            % {"place": c["place"], "when": c.when(c["starts_at"]), "url": c["link"]}
        ),
        timed=True,
        attachment=_interview_ics,
        sample=lambda: {**_INTERVIEW_SAMPLE, "ics": b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"},
    )
)
register(
    Event(
        "internships.interpreter_arranged",
        "interviews",
        short=lambda c: (
            _("Interpreter for the interview on %(when)s (%(place)s): %(name)s.")
            % {"place": c["place"], "when": c.when(c["starts_at"]), "name": c["name"]}
        ),
        timed=True,
        sample=lambda: {**_INTERVIEW_SAMPLE, "name": "Oyunaa Bat"},
    )
)
register(
    Event(
        "internships.interpreter_cleared",
        "interviews",
        short=lambda c: (
            _("The interview on %(when)s (%(place)s) has no interpreter arranged any more.")
            % {"place": c["place"], "when": c.when(c["starts_at"])}
        ),
        timed=True,
        sample=lambda: dict(_INTERVIEW_SAMPLE),
    )
)


# --- company readiness -----------------------------------------------------------------------------

register(
    Event(
        "companies.readiness_to_verify",
        "readiness",
        short=lambda c: (
            _("%(company)s answered the readiness item “%(item)s”: verify it.")
            % {"company": c["company"], "item": c["item"]}
        ),
        roles=frozenset({Role.CITY_OFFICER, Role.PROGRAM_MANAGER}),
        sample=lambda: {"company": "Nagaoka Seiki", "item": "Housing"},
    )
)
register(
    Event(
        "companies.readiness_verified",
        "readiness",
        short=lambda c: _("Your answer to the readiness item “%(item)s” is verified.") % {"item": c["item"]},
        roles=COMPANY,
        sample=lambda: {"item": "Housing"},
    )
)
register(
    Event(
        "companies.readiness_returned",
        "readiness",
        short=lambda c: (
            _("Your answer to the readiness item “%(item)s” was returned: %(comment)s")
            % {"item": c["item"], "comment": c["comment"]}
        ),
        roles=COMPANY,
        sample=lambda: {"item": "Housing", "comment": "…"},
    )
)


# --- network support -------------------------------------------------------------------------------

register(
    Event(
        "companies.support_requested",
        "support",
        short=lambda c: (
            _("%(organization)s asks for network support: %(title)s")
            % {"organization": c["organization"], "title": c["title"]}
        ),
        roles=frozenset({Role.TELECOM_ENGINEER}),
        sample=lambda: {"organization": "Nagaoka Seiki", "title": "Wi-Fi in the dormitory"},
    )
)


# --- careers ------------------------------------------------------------------------------------------

register(
    Event(
        "careers.offer_made",
        "careers",
        short=lambda c: (
            _("%(company)s offers you a job: %(title)s.") % {"company": c["company"], "title": c["title"]}
        ),
        roles=frozenset({Role.STUDENT}),
        sample=lambda: {"company": "Nagaoka Seiki", "title": "Engineer"},
    )
)
register(
    Event(
        "careers.offer_accepted",
        "careers",
        short=lambda c: (
            _("%(student)s accepted your job offer “%(title)s”.")
            % {"student": c["student"], "title": c["title"]}
        ),
        roles=COMPANY,
        sample=lambda: {"student": "Nomin Bat", "title": "Engineer"},
    )
)
register(
    Event(
        "careers.offer_declined",
        "careers",
        short=lambda c: (
            _("%(student)s declined your job offer “%(title)s”.")
            % {"student": c["student"], "title": c["title"]}
        ),
        roles=COMPANY,
        sample=lambda: {"student": "Nomin Bat", "title": "Engineer"},
    )
)


def _retention_due(c: Context) -> str:
    return _("The %(months)s-month check-in of %(person)s at %(company)s is due: answer it.") % {
        "months": c["months"],
        "person": c["person"],
        "company": c["company"],
    }


register(
    Event(
        "careers.retention_due",
        "careers",
        short=_retention_due,
        sample=lambda: {"months": 6, "person": "Nomin Bat", "company": "Nagaoka Seiki"},
    )
)


# --- programme office -------------------------------------------------------------------------------

register(
    Event(
        "programme.expense_to_approve",
        "programme",
        short=lambda c: (
            _("An expense of %(amount)s yen waits for your approval: %(description)s")
            % {"amount": c["amount"], "description": c["description"]}
        ),
        roles=frozenset({Role.ACCOUNTANT}),
        sample=lambda: {"amount": "12,000", "description": "Bus tickets"},
    )
)
register(
    Event(
        "programme.report_built",
        "programme",
        short=lambda c: _("The report “%(report)s” is built.") % {"report": c["report"]},
        sample=lambda: {"report": "Quarterly report 2026-Q3"},
    )
)
register(
    Event(
        "programme.report_failed",
        "programme",
        short=lambda c: _("The report “%(report)s” could not be built.") % {"report": c["report"]},
        sample=lambda: {"report": "Quarterly report 2026-Q3"},
    )
)


# --- internship agreements (kakehashi/agreements) -----------------------------------------------------
# The texts name the host company and the dates, never the student.

_AGREEMENT_SAMPLE = {"company": "Nagaoka Seiki", "start": "2027-02-01", "end": "2027-02-14"}


def _agreement_new_version(c: Context) -> str:
    if c.get("voided"):
        return _(
            "The terms of the internship agreement at %(company)s (%(start)s to %(end)s) changed: version "
            "%(number)s replaces the one before and the signatures given so far are void. Please read it and "
            "sign again when it is your turn."
        ) % {"company": c["company"], "start": c["start"], "end": c["end"], "number": c["number"]}
    return _(
        "The terms of the internship agreement at %(company)s (%(start)s to %(end)s) changed: version "
        "%(number)s replaces the one before."
    ) % {"company": c["company"], "start": c["start"], "end": c["end"], "number": c["number"]}


register(
    Event(
        "agreements.your_turn",
        "rounds",
        short=lambda c: (
            _("The internship agreement at %(company)s (%(start)s to %(end)s) waits for your signature.")
            % {"company": c["company"], "start": c["start"], "end": c["end"]}
        ),
        sample=lambda: dict(_AGREEMENT_SAMPLE),
    )
)
register(
    Event(
        "agreements.new_version",
        "rounds",
        short=_agreement_new_version,
        sample=lambda: {**_AGREEMENT_SAMPLE, "number": 2, "voided": True},
    )
)
register(
    Event(
        "agreements.signed",
        "rounds",
        short=lambda c: (
            _("Every party signed the internship agreement at %(company)s (%(start)s to %(end)s).")
            % {"company": c["company"], "start": c["start"], "end": c["end"]}
        ),
        sample=lambda: dict(_AGREEMENT_SAMPLE),
    )
)


# The catalog's other modules register their events when imported, after the names above they use.
from kakehashi.notifications import (  # noqa: E402
    events_conversations,  # noqa: F401  (new messages, interpreter requested)
    events_interviews,  # noqa: F401  (interview moves and reminders)
    events_learning,  # noqa: F401  (the learning events)
)
