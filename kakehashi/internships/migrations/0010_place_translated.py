"""A place's title and description move from a column per language onto one TranslatedField each."""

from django.db import migrations
from django.db.models import TextField, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, NullIf

from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.core.multilingual.migration import triplets_to_translated


def by_text(path):
    """translated_order(path, "en") as it was when this migration was written."""
    return Coalesce(
        *(NullIf(KeyTextTransform(code, path), Value("")) for code in ("en", "ja", "mn")),
        Value(""),
        output_field=TextField(),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("internships", "0009_matching_run_japanese_rule"),
        ("accounts", "0007_organization_program_translated"),
    ]

    operations = [
        *triplets_to_translated(
            "internships",
            "place",
            {
                "title": TranslatedField(verbose_name="title", max_length=200),
                "description": TranslatedField(verbose_name="description", multiline=True, blank=True),
            },
        ),
        migrations.AlterModelOptions(
            name="place",
            options={
                "ordering": (by_text("company__name"), by_text("title"), "pk"),
                "verbose_name": "internship place",
                "verbose_name_plural": "internship places",
            },
        ),
    ]
