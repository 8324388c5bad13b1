from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "kakehashi.conversations"
    label = "conversations"
    verbose_name = _("Conversations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kakehashi.conversations.models import Participant, Thread

        # Who opened a thread and who was added to it (an interpreter) is recorded; messages are not
        # edited once written, and their text stays out of the log.
        auditlog.register(Thread)
        auditlog.register(Participant)
