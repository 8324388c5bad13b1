from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from kakehashi.careers.tasks import send_retention_reminders
from kakehashi.core.scheduling import Periodic

JOBS = [
    Periodic(
        name="careers.retention_reminders",
        every=timedelta(days=1),
        task=send_retention_reminders,
        label=_("Remind companies and former interns that a retention check-in is due."),
    ),
]
