from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternshipsConfig(AppConfig):
    name = "kakehashi.internships"
    label = "internships"
    verbose_name = _("Internship rounds")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kakehashi.internships.models import (
            Application,
            InterviewSlot,
            MatchingRun,
            Place,
            Placement,
            Round,
        )

        auditlog.register(Round)
        auditlog.register(Place)
        auditlog.register(Application)
        auditlog.register(InterviewSlot)
        # The stored input and result (and their digest) are large and never change after the run; the
        # rest is audited.
        auditlog.register(MatchingRun, exclude_fields=["instance", "result", "digest", "check_problems"])
        auditlog.register(Placement)
