from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from kakehashi.operations import services


class Command(BaseCommand):
    help = "Raise alerts for missed safety check-ins and escalate those nobody acknowledged. Run it often."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", help="Pretend it is this ISO date and time (for drills and tests).")

    def handle(self, *args: Any, **options: Any) -> None:
        now = None
        if options.get("now"):
            now = datetime.fromisoformat(options["now"])
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        raised, escalated = services.check_missed_checkins(now=now)
        self.stdout.write(f"raised={raised} escalated={escalated}")
