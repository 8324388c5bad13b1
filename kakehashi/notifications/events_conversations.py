"""The events of conversations (kakehashi/conversations): a new message in a thread one takes part in, and
an interpreter asked for (to the NGO coordinators or the program office added to the thread). The texts name
the writer and the subject, never the message itself: a chat app or an email is no place for it."""

from django.utils.translation import gettext as _

from kakehashi.notifications.events import Event, register

register(
    Event(
        "conversations.new_message",
        "conversations",
        short=lambda c: (
            _("%(author)s wrote to you in “%(subject)s”.") % {"author": c["author"], "subject": c["subject"]}
        ),
        sample=lambda: {"author": "Nomin Bat", "subject": "First day"},
    )
)
register(
    Event(
        "conversations.interpreter_requested",
        "conversations",
        short=lambda c: (
            _("%(person)s asks for an interpreter in the conversation “%(subject)s”.")
            % {"person": c["person"], "subject": c["subject"]}
        ),
        sample=lambda: {"person": "Nomin Bat", "subject": "First day"},
    )
)
