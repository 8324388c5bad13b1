import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kakehashi.core import scheduling


class Command(BaseCommand):
    help = "Enqueue the periodic jobs of every app when they are due (runs beside `manage.py db_worker`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Check once and exit (for cron).")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between checks.")

    def handle(self, *args: Any, once: bool, interval: int, **options: Any) -> None:
        jobs = scheduling.registered_jobs()
        self.stdout.write(f"Scheduler: {len(jobs)} periodic jobs: " + ", ".join(job.name for job in jobs))
        while True:
            for name in scheduling.run_due():
                self.stdout.write(f"enqueued {name}")
            if once:
                return
            time.sleep(interval)
