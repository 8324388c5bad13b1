from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "kakehashi.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kakehashi.notifications.models import ChatLink, Delivery, Preference, PushSubscription
        from kakehashi.privacy.audit import audit_register

        auditlog.register(Preference)
        # A delivery to someone without an account keeps their address, encrypted: logged as "[encrypted]".
        audit_register(Delivery)
        # A linked LINE or Messenger account: who linked or unlinked it, the account id itself "[encrypted]".
        audit_register(ChatLink)
        # A browser subscribed to Web Push: its endpoint names the person's device, "[encrypted]".
        audit_register(PushSubscription)
