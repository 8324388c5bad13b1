from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "kakehashi.certificates"
    label = "certificates"
    verbose_name = _("Certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kakehashi.certificates.models import IssuedCertificate
        from kakehashi.privacy.audit import audit_register

        audit_register(IssuedCertificate)
