"""Readiness areas, readiness items and seminars: the title moves from a column per language onto one
TranslatedField; the reference areas and items nobody reworded get their missing languages (Mongolian,
and Japanese for the areas) from reference/readiness_items.yaml."""

from django.db import migrations

from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.core.multilingual.migration import triplets_to_translated


def complete_reference_languages(apps, schema_editor):
    from kakehashi.companies.reference import load_readiness_items

    load_readiness_items(
        apps.get_model("companies", "ReadinessArea"), apps.get_model("companies", "ReadinessItem")
    )


class Migration(migrations.Migration):
    dependencies = [("companies", "0005_support_request_idempotency_key")]

    operations = [
        *triplets_to_translated(
            "companies", "readinessarea", {"title": TranslatedField(verbose_name="title", max_length=200)}
        ),
        *triplets_to_translated(
            "companies", "readinessitem", {"title": TranslatedField(verbose_name="title", max_length=300)}
        ),
        *triplets_to_translated(
            "companies", "seminar", {"title": TranslatedField(verbose_name="title", max_length=200)}
        ),
        migrations.RunPython(complete_reference_languages, migrations.RunPython.noop, elidable=False),
    ]
