"""What conversations keep about a person: exported on request, removed on deletion.

Called by kakehashi.privacy.services (export_personal_data, anonymise_person) through the
`personal_data.py` convention. The threads about the person go with their messages and files; what the
person wrote in other threads (as a company's mentor, an interpreter, the office) is blanked, its files
deleted, so that the others' side of those threads still reads in order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kakehashi.accounts.models import User


def export(user: User) -> list[dict[str, Any]]:
    """The threads about the person (every message: it is their conversation) and the messages they
    wrote in other threads."""
    from django.db.models import Q

    from kakehashi.conversations.models import Thread

    rows = []
    threads = Thread.objects.filter(Q(person=user) | Q(messages__author=user)).distinct()
    for thread in threads.select_related("organization").prefetch_related("messages"):
        own = thread.person_id == user.pk
        rows.append(
            {
                "subject": thread.subject,
                "with": thread.organization.key,
                "messages": [
                    {
                        "at": message.created_at.isoformat(),
                        "mine": message.author_id == user.pk,
                        "kind": message.kind,
                        "text": message.body,
                        "attachment": message.attachment_name,
                    }
                    for message in thread.messages.all()
                    if own or message.author_id == user.pk
                ],
            }
        )
    return rows


def anonymise(user: User) -> None:
    """Delete the threads about the person (and their files); blank what they wrote elsewhere. Running it
    twice changes nothing more."""
    from kakehashi.conversations.models import Message, Thread

    for message in Message.objects.filter(thread__person=user).exclude(attachment=""):
        message.attachment.delete(save=False)
    Thread.objects.filter(person=user).delete()
    written = Message.objects.filter(author=user)
    for message in written.exclude(attachment=""):
        message.attachment.delete(save=False)
    written.update(body="", attachment="", attachment_name="")
