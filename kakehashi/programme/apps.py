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
            IndicatorTarget,
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

        from django.db.models.signals import post_delete, post_save

        from kakehashi.programme.selectors import logframe_changed, spending_changed

        # The dashboard's cached budget figures (kakehashi.programme.selectors.dashboard_figures).
        for model in (Expense, BudgetLine):
            for signal in (post_save, post_delete):
                signal.connect(
                    spending_changed, sender=model, dispatch_uid=f"programme.spending.{model.__name__}"
                )
        # The cached logframe (kakehashi.programme.selectors.logframe_of).
        for part in (LogframeElement, Indicator, IndicatorTarget, IndicatorValue):
            for signal in (post_save, post_delete):
                signal.connect(
                    logframe_changed, sender=part, dispatch_uid=f"programme.logframe.{part.__name__}"
                )
