"""Conversations: a `Thread` between one side (a host company, or the program office) and one person (a
student nominated to the company, or anyone in the program), its `Message`s with an optional attachment,
the people added to it (`Participant`: an interpreter) and how far each person has read (`ReadMark`).

Message text and an attachment's original file name are personal data: encrypted at rest
(kakehashi.privacy.fields), never searched or ordered. A thread's subject stays plain: it is searched on the
thread list and goes out in notifications (see docs/conversations.md). Attachments are checked by
kakehashi.privacy.uploads before they are stored (under a random name) and served back through it.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kakehashi.accounts.models import Organization, Program
from kakehashi.core.models import TimeStampedModel
from kakehashi.core.validators import no_control_characters
from kakehashi.privacy.fields import EncryptedCharField, EncryptedTextField


class Side(models.TextChoices):
    COMPANY = "company", _("Host company")
    OFFICE = "office", _("Program office")


class Thread(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="threads")
    side = models.CharField(_("with"), max_length=10, choices=Side.choices)
    # The host company (side company) or the program office organization (side office).
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="threads", verbose_name=_("organization")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="threads", verbose_name=_("person")
    )
    # The person's partner college when they are a student there: its teachers read the thread (duty of care).
    college = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="student_threads"
    )
    subject = models.CharField(_("subject"), max_length=200, validators=[no_control_characters])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_message_at = models.DateTimeField(_("last message"), db_index=True)
    interpreter_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ("-last_message_at", "-pk")
        indexes = [
            models.Index(fields=["program", "-last_message_at"], name="conv_thread_program_last"),
            models.Index(fields=["person", "-last_message_at"], name="conv_thread_person_last"),
        ]

    def __str__(self) -> str:
        # Not the subject: the audit log keeps an object's text (`object_repr`), and a subject may name
        # someone's situation. Pages show `thread.subject`.
        return f"thread {self.pk}"

    def sensitive_subject(self) -> int:
        """Whose data a recorded read of the thread is (kakehashi.privacy `SensitiveRead.subject`)."""
        return self.person_id

    def get_absolute_url(self) -> str:
        return reverse("conversations:thread", args=[self.pk])


class MessageKind(models.TextChoices):
    TEXT = "text", _("Message")
    INTERPRETER = "interpreter", _("Interpreter requested")


def attachment_path(instance: "Message", filename: str) -> str:
    return f"conversations/thread-{instance.thread_id}/{filename}"


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=MessageKind.choices, default=MessageKind.TEXT)
    body = EncryptedTextField(_("message"), blank=True)
    # Stored under a random name; the name it was uploaded with (shown, and given back on download) is
    # encrypted.
    attachment = models.FileField(_("attachment"), upload_to=attachment_path, blank=True, max_length=300)
    attachment_name = EncryptedCharField(_("file name"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ("created_at", "pk")
        indexes = [models.Index(fields=["thread", "created_at"], name="conv_message_thread_time")]

    def __str__(self) -> str:
        return f"{self.thread_id}: {self.pk}"

    def sensitive_subject(self) -> int:
        return self.thread.person_id


class ParticipantReason(models.TextChoices):
    INTERPRETER = "interpreter", _("Interpreter")
    ADDED = "added", _("Added")


class Participant(models.Model):
    """Someone added to a thread who is not on either side of it (an interpreter): reads and writes."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(
        max_length=12, choices=ParticipantReason.choices, default=ParticipantReason.INTERPRETER
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="conv_participant_once")]

    def __str__(self) -> str:
        return f"{self.thread_id}: {self.user_id}"


class ReadMark(models.Model):
    """How far one person has read one thread: messages after `read_at` are unread for them."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="conv_read_once")]

    def __str__(self) -> str:
        return f"{self.thread_id}: {self.user_id}"
