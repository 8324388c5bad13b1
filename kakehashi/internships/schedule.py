from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from kakehashi.core.scheduling import Periodic
from kakehashi.internships.tasks import send_deadline_reminders, send_interview_reminders

JOBS = [
    Periodic(
        name="internships.send_deadline_reminders",
        every=timedelta(days=1),
        task=send_deadline_reminders,
        label=_("Remind applicants, teachers and companies of round deadlines two days ahead."),
    ),
    Periodic(
        name="internships.send_interview_reminders",
        every=timedelta(minutes=5),
        task=send_interview_reminders,
        label=_("Remind everyone concerned of an interview 24 hours and one hour before it."),
    ),
]
