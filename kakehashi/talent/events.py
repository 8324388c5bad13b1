"""The talent pool's notifications, registered in the one event catalog (kakehashi.notifications.events)."""

from django.utils.translation import gettext as _

from kakehashi.accounts.roles import Role
from kakehashi.notifications.events import COMPANY, Event, register

register(
    Event(
        "talent.invited",
        "careers",
        short=lambda c: (
            _("%(company)s invites you to an interview through the talent pool.") % {"company": c["company"]}
        ),
        roles=frozenset({Role.STUDENT}),
        sample=lambda: {"company": "Nagaoka Seiki"},
    )
)
register(
    Event(
        "talent.accepted",
        "careers",
        short=lambda c: _("%(person)s accepted your interview invitation.") % {"person": c["person"]},
        roles=COMPANY,
        sample=lambda: {"person": "Nomin Bat"},
    )
)
register(
    Event(
        "talent.declined",
        "careers",
        short=lambda c: _("%(person)s declined your interview invitation.") % {"person": c["person"]},
        roles=COMPANY,
        sample=lambda: {"person": "Nomin Bat"},
    )
)
