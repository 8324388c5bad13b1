"""A support checklist item's title moves from a column per language onto one TranslatedField."""

from django.db import migrations

from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.core.multilingual.migration import triplets_to_translated


class Migration(migrations.Migration):
    dependencies = [("operations", "0006_offline_idempotency_keys")]

    operations = triplets_to_translated(
        "operations", "supportitem", {"title": TranslatedField(verbose_name="title", max_length=300)}
    )
