from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "kakehashi.programme"
    label = "programme"
    verbose_name = _("Program management")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kakehashi.programme import figures  # noqa: F401 - registers the figures
        from kakehashi.programme.models import (
            BudgetLine,
            Expense,
            Indicator,
            IndicatorValue,
            LogframeElement,
            MeetingRecord,
            Report,
        )

        auditlog.register(LogframeElement)
        auditlog.register(Indicator)
        auditlog.register(IndicatorValue)
        auditlog.register(BudgetLine)
        auditlog.register(Expense)
        auditlog.register(Report, exclude_fields=["progress", "updated_at"])
        auditlog.register(MeetingRecord, m2m_fields={"organizations"})
