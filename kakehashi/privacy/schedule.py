from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from kakehashi.core.scheduling import Periodic
from kakehashi.privacy.tasks import apply_retention

JOBS = [
    Periodic(
        name="privacy.apply_retention",
        every=timedelta(days=1),
        task=apply_retention,
        label=_("Delete or anonymise personal data whose retention period has passed."),
    ),
]
