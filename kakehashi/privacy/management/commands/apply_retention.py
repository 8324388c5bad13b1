from typing import Any

from django.core.management.base import BaseCommand

from kakehashi.privacy import retention


class Command(BaseCommand):
    help = "Delete or anonymise personal data whose retention period has passed. Safe to run twice."

    def handle(self, *args: Any, **options: Any) -> None:
        for kind, count in retention.apply().items():
            self.stdout.write(f"{kind}: {count}")
