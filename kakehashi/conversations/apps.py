from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "kakehashi.conversations"
    label = "conversations"
    verbose_name = _("Conversations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kakehashi.conversations.models import Message, Participant, Thread
        from kakehashi.privacy.audit import audit_register

        # Who opened a thread and who was added to it (an interpreter) is recorded, without the subject
        # (free text that may name someone's situation). A message's writing and its blanking on deletion
        # are recorded as every change of personal data is: its text and file name as the fixed marker
        # `[encrypted]`, never a character of them.
        auditlog.register(Thread, exclude_fields=["subject"])
        auditlog.register(Participant)
        audit_register(Message)
