"""Logframe texts (summary, important assumptions) and indicator titles move from a column per language
onto one TranslatedField each."""

from django.db import migrations

from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.core.multilingual.migration import triplets_to_translated


class Migration(migrations.Migration):
    dependencies = [("programme", "0003_report_kind_expense_settlement")]

    operations = [
        *triplets_to_translated(
            "programme",
            "logframeelement",
            {
                "summary": TranslatedField(verbose_name="summary", multiline=True),
                "assumptions": TranslatedField(
                    verbose_name="important assumptions", multiline=True, blank=True
                ),
            },
        ),
        *triplets_to_translated(
            "programme", "indicator", {"title": TranslatedField(verbose_name="title", max_length=300)}
        ),
    ]
