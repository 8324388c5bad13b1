from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from kakehashi.core.scheduling import Periodic
from kakehashi.notifications.tasks import deliver_due

JOBS = [
    Periodic(
        name="notifications.deliver_due",
        every=timedelta(minutes=1),
        task=deliver_due,
        label=_("Send the notifications that quiet hours held back."),
    ),
]
