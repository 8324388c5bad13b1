from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "kakehashi.companies"
    label = "companies"
    verbose_name = _("Host companies")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kakehashi.companies import models

        for model in (
            models.CompanyProfile,
            models.OutreachCompany,
            models.OutreachActivity,
            models.ReadinessItem,
            models.ReadinessAnswer,
            models.SupportRequest,
        ):
            auditlog.register(model)
