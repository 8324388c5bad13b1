from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "kakehashi.agreements"
    label = "agreements"
    verbose_name = _("Internship agreements")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kakehashi.agreements import signals
        from kakehashi.agreements.models import Agreement, AgreementVersion, Signature
        from kakehashi.privacy.audit import audit_register

        # The terms, the documents and the signers' names are encrypted: the audit log redacts them.
        audit_register(Agreement)
        audit_register(AgreementVersion, exclude_fields=["pdf"])
        audit_register(Signature)
        signals.connect()
