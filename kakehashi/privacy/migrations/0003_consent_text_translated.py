from django.db import migrations

from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.core.multilingual.migration import triplets_to_translated


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_scrub_encrypted_values_from_audit_log")]

    operations = triplets_to_translated(
        "privacy",
        "consenttext",
        {
            "title": TranslatedField(verbose_name="title", max_length=200),
            "text": TranslatedField(verbose_name="text", multiline=True),
        },
    )
