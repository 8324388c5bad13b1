from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from kakehashi.core.scheduling import Periodic
from kakehashi.operations.tasks import check_missed_checkins

JOBS = [
    Periodic(
        name="operations.check_missed_checkins",
        every=timedelta(minutes=5),
        task=check_missed_checkins,
        label=_("Raise alerts for missed check-ins of interns and escalate unanswered alerts."),
    ),
]
