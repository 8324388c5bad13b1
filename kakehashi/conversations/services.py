"""Every write of conversations: start a thread, post a message (with an attachment checked by the upload
validator), mark a thread read, record a read by someone outside the thread, ask for an interpreter. Each
checks the rules, writes in one transaction, and tells the people concerned through the notifications door
(sent on commit by its task)."""

import uuid
from datetime import datetime
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kakehashi.accounts.models import Organization, User
from kakehashi.conversations import rules, selectors
from kakehashi.conversations.models import (
    Message,
    MessageKind,
    Participant,
    ParticipantReason,
    ReadMark,
    Side,
    Thread,
)
from kakehashi.core.permissions import Viewer, require
from kakehashi.privacy.uploads import validate_upload

MAX_BYTES = 5 * 1024 * 1024
ALLOWED = frozenset({"pdf", "png", "jpg", "xlsx", "docx"})
MAX_LENGTH = 5000


def _check(body: str, attachment: UploadedFile | None) -> str:
    body = body.strip()
    if not body and attachment is None:
        raise ValidationError(_("Write a message or attach a file."))
    if len(body) > MAX_LENGTH:
        raise ValidationError(_("A message is at most %(n)s characters.") % {"n": MAX_LENGTH})
    if attachment is not None:
        validate_upload(attachment, allowed=ALLOWED, max_bytes=MAX_BYTES)
    return body


def _store(thread: Thread, author: User, body: str, attachment: UploadedFile | None) -> Message:
    message = Message(thread=thread, author=author, body=body)
    if attachment is not None:
        original = PurePath(attachment.name or "file").name[-200:]
        message.attachment_name = original
        # The stored name is not the uploaded one: nobody guesses another thread's file from it.
        message.attachment.save(
            f"{uuid.uuid4().hex}{PurePath(original).suffix.lower()}", attachment, save=False
        )
    message.save()
    return message


def _tell(thread: Thread, message: Message, author: User) -> None:
    from kakehashi.notifications.services import notify

    members = selectors.member_ids(thread) - {author.pk}
    selectors.forget_unread(members)
    people = list(User.objects.filter(pk__in=members, is_active=True))
    if people:
        notify(
            people,
            "conversations.new_message",
            {"author": str(author.display_name), "subject": thread.subject},
            url=thread.get_absolute_url(),
            about=f"thread:{thread.pk}",
        )


def _mark_read(thread: Thread, user: User, when: datetime) -> None:
    ReadMark.objects.update_or_create(thread=thread, user=user, defaults={"read_at": when})


@transaction.atomic
def thread_start(
    *,
    viewer: Viewer,
    person: User,
    side: str,
    subject: str,
    body: str,
    attachment: UploadedFile | None = None,
) -> Thread:
    """A new thread with its first message. `side` company: the viewer's company writes to a student
    nominated to it (404 otherwise); office: the program office writes to `person`, or `person` is the
    viewer writing to the program office."""
    require(rules.can_use(viewer))
    assert viewer.program is not None or viewer.is_platform_admin
    program = viewer.program
    if program is None:
        raise ValidationError(_("Choose a program first."))
    organization: Organization
    if side == Side.COMPANY:
        require(rules.can_start_as_company(viewer))
        organization = selectors.company_for_student(viewer, person)
    elif person.pk == viewer.user.pk:
        require(rules.can_write_to_office(viewer))
        organization = selectors.office_of(program.pk)
    else:
        require(rules.can_start_as_office(viewer))
        person = selectors.person_in_program(viewer, person.pk)
        organization = selectors.office_of(program.pk)
    subject = subject.strip()
    if not subject:
        raise ValidationError(_("Give the conversation a subject."))
    text = _check(body, attachment)
    now = timezone.now()
    thread = Thread.objects.create(
        program=program,
        side=side if side == Side.COMPANY else Side.OFFICE,
        organization=organization,
        person=person,
        college_id=selectors.college_of(person, program.pk),
        subject=subject[:200],
        created_by=viewer.user,
        last_message_at=now,
    )
    message = _store(thread, viewer.user, text, attachment)
    thread.last_message_at = message.created_at
    thread.save(update_fields=["last_message_at"])
    _mark_read(thread, viewer.user, message.created_at)
    _tell(thread, message, viewer.user)
    return thread


@transaction.atomic
def message_post(
    *, viewer: Viewer, thread: Thread, body: str, attachment: UploadedFile | None = None
) -> Message:
    require(rules.can_use(viewer))
    require(
        rules.can_write(viewer, thread, selectors.participant_ids(thread)),
        _("You can read this conversation, but not write in it."),
    )
    text = _check(body, attachment)
    message = _store(thread, viewer.user, text, attachment)
    Thread.objects.filter(pk=thread.pk).update(last_message_at=message.created_at)
    _mark_read(thread, viewer.user, message.created_at)
    _tell(thread, message, viewer.user)
    return message


def thread_mark_read(*, viewer: Viewer, thread: Thread) -> None:
    """The viewer has read the thread up to its last message (one write, only when something was unread)."""
    last = thread.last_message_at
    updated = ReadMark.objects.filter(thread=thread, user=viewer.user, read_at__lt=last).update(read_at=last)
    if not updated and not ReadMark.objects.filter(thread=thread, user=viewer.user).exists():
        ReadMark.objects.create(thread=thread, user=viewer.user, read_at=last)
        updated = 1
    if updated:
        selectors.forget_unread([viewer.user.pk])


def thread_read_record(
    *, viewer: Viewer, thread: Thread, participant_ids: frozenset[int], message: Message | None = None
) -> bool:
    """Record that a reader outside the thread (duty of care, the platform administrator) opened it, or
    one message's attachment: who, whose conversation, when; never the text. The person sees it under
    "Who read my data". Returns whether a read was recorded (one query when it is)."""
    from kakehashi.privacy.services import record_read

    if not rules.read_is_recorded(viewer, thread, participant_ids):
        return False
    if message is None:
        record_read(viewer, thread, "messages")
    else:
        record_read(viewer, message, "attachment")
    return True


@transaction.atomic
def interpreter_request(*, viewer: Viewer, thread: Thread) -> list[User]:
    """Add the program's NGO coordinators (or, without one, its program office) to the thread, with a
    notice in it, and tell them. Returns the people added."""
    require(rules.can_use(viewer))
    present = selectors.participant_ids(thread)
    require(rules.can_request_interpreter(viewer, thread, present))
    wanted = [pk for pk in selectors.interpreter_ids(thread) if pk not in present]
    if not wanted:
        raise ValidationError(_("An interpreter has already been asked for in this conversation."))
    Participant.objects.bulk_create(
        Participant(thread=thread, user_id=pk, reason=ParticipantReason.INTERPRETER) for pk in wanted
    )
    now = timezone.now()
    message = Message.objects.create(thread=thread, author=viewer.user, kind=MessageKind.INTERPRETER)
    Thread.objects.filter(pk=thread.pk).update(
        last_message_at=message.created_at, interpreter_requested_at=now
    )
    _mark_read(thread, viewer.user, message.created_at)
    added = list(User.objects.filter(pk__in=wanted, is_active=True))
    selectors.forget_unread(selectors.member_ids(thread))
    from kakehashi.notifications.services import notify

    if added:
        notify(
            added,
            "conversations.interpreter_requested",
            {"person": str(viewer.user.display_name), "subject": thread.subject},
            url=thread.get_absolute_url(),
            about=f"thread:{thread.pk}",
        )
    return added
