from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "kakehashi.talent"
    label = "talent"
    verbose_name = _("Talent pool")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kakehashi.talent import events  # noqa: F401 - registers the talent pool's notifications
        from kakehashi.talent.models import TalentInvitation, TalentProfile

        auditlog.register(TalentProfile)
        auditlog.register(TalentInvitation)
