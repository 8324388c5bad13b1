"""A round's name moves from one text in no particular language onto a TranslatedField: each language's
readers get the round named in their language ("2026年3月ターン", "2026 оны 3-р сарын ээлж")."""

from django.db import migrations

from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.core.multilingual.migration import string_to_translated


class Migration(migrations.Migration):
    dependencies = [
        ("internships", "0011_interviewchange_interviewreminder_interviewscore_and_more"),
    ]

    operations = string_to_translated(
        "internships", "round", "name", TranslatedField(verbose_name="name", max_length=200)
    )
