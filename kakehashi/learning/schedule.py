from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from kakehashi.core.scheduling import Periodic
from kakehashi.learning.tasks import send_assignment_reminders, send_class_reminders

JOBS = [
    Periodic(
        name="learning.class_reminders",
        every=timedelta(days=1),
        task=send_class_reminders,
        label=_("Tell learners and teachers about tomorrow's classes."),
    ),
    Periodic(
        name="learning.assignment_reminders",
        every=timedelta(hours=1),
        task=send_assignment_reminders,
        label=_("Remind learners of an assignment due within a day that they have not handed in."),
    ),
]
