from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "kakehashi.careers"
    label = "careers"
    verbose_name = _("Careers")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kakehashi.careers import models

        auditlog.register(models.JobOffer)
        auditlog.register(models.Hire)
        auditlog.register(models.HireDocument)
        auditlog.register(models.RetentionCheck)
        auditlog.register(models.AlumniProfile)
