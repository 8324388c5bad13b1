from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation

from kakehashi.accounts import demo
from kakehashi.core.registry import app_modules


class Command(BaseCommand):
    help = "Load the demo program of every app (accounts first). Running it twice changes nothing."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        for app, module in app_modules("demo"):
            module.load()
            self.stdout.write(f"  {app}: demo data loaded")
        self.stdout.write(self.style.SUCCESS("Demo program loaded."))
        if options["quiet_logins"]:
            return
        with translation.override("en"):
            rows = demo.logins()
        width = max(len(label) for label, *_ in rows)
        self.stdout.write("\nDemo logins (every password is the same):")
        for label, email, password in rows:
            self.stdout.write(f"  {label:<{width}}  {email:<40} {password}")
