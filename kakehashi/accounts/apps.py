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

        # Cached counts of people (kakehashi.accounts.selectors) are forgotten when people change.
        from django.db.models.signals import post_delete, post_save

        from kakehashi.accounts.selectors import people_changed

        for model in (Membership, User):
            post_save.connect(
                people_changed, sender=model, dispatch_uid=f"people-changed-save-{model.__name__}"
            )
            post_delete.connect(
                people_changed, sender=model, dispatch_uid=f"people-changed-delete-{model.__name__}"
            )

        # A name saved is copied to the rows that keep the person's sort keys (accounts.sort_key_copies).
        from kakehashi.accounts.sort_key_copies import copy_to_rows

        post_save.connect(copy_to_rows, sender=User, dispatch_uid="accounts.sort_key_copies")
