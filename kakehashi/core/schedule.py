from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from kakehashi.core.scheduling import Periodic
from kakehashi.core.tasks import prune_task_results, reap_lost_tasks

JOBS = [
    Periodic(
        name="core.reap_lost_tasks",
        every=timedelta(minutes=1),
        task=reap_lost_tasks,
        label=_("Run again, or mark failed, the background tasks whose worker stopped in the middle."),
    ),
    Periodic(
        name="core.prune_task_results",
        every=timedelta(days=1),
        task=prune_task_results,
        label=_("Delete the results of background tasks that finished long ago."),
    ),
]
