from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "kakehashi.accounts"
    label = "accounts"
    verbose_name = _("People and organizations")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kakehashi.accounts.models import Membership, Organization, Program, User

        auditlog.register(Program)
        auditlog.register(Organization)
        auditlog.register(Membership)
        auditlog.register(User, exclude_fields=["password", "last_login"])
