from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from kakehashi.privacy.fields import encrypted_fields_of


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field with the first key of KAKEHASHI_FIELD_KEYS and recompute blind "
        "indexes. Put the new key first, run this, then remove the old keys."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        for model in apps.get_models():
            encrypted, indexes = encrypted_fields_of(model)
            if not encrypted:
                continue
            count = 0
            with transaction.atomic():
                for obj in model._default_manager.select_for_update().iterator(
                    chunk_size=options["batch_size"]
                ):
                    values = {name: getattr(obj, name) for name in encrypted}
                    values.update({index.attname: index.compute(obj) for index in indexes})
                    # update(), not save(): no signals, no audit entry, no timestamps touched.
                    model._default_manager.filter(pk=obj.pk).update(**values)
                    count += 1
            self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")
