"""`manage.py db_worker`: django-tasks-db's worker, plus a heartbeat the task reaper reads.

This app is listed before django_tasks_db in INSTALLED_APPS, so this command is the one `db_worker` runs;
every option of the original is kept."""

import os
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from kakehashi.core.background import Heartbeat


class Command(DatabaseWorkerCommand):
    help = "Run a database background worker that writes a heartbeat (kakehashi.core.background)."

    def handle(self, *args: Any, **options: Any) -> None:
        # With --reload, the parent process only watches files; the child it starts runs tasks and beats.
        if options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            super().handle(*args, **options)
            return
        heartbeat = Heartbeat(options["worker_id"])
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
