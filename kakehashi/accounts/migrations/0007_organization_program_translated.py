"""Organization.name and Program.title move from a column per language onto one TranslatedField; the
orderings by the English name become orderings by the name (English first, then the other languages)."""

from django.db import migrations
from django.db.models import TextField, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, NullIf

from kakehashi.core.multilingual.fields import TranslatedField
from kakehashi.core.multilingual.migration import triplets_to_translated


def by_name(path):
    """translated_order(path, "en") as it was when this migration was written."""
    return Coalesce(
        *(NullIf(KeyTextTransform(code, path), Value("")) for code in ("en", "ja", "mn")),
        Value(""),
        output_field=TextField(),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_language_choices_from_settings"),
        # Models of these apps are ordered by the organization's name: their migrations that read rows run
        # while the name is still a column per language.
        ("internships", "0008_notifications_live_in_the_one_inbox"),
        ("learning", "0008_skill_endorsement"),
    ]

    operations = [
        *triplets_to_translated(
            "accounts", "organization", {"name": TranslatedField(verbose_name="name", max_length=200)}
        ),
        *triplets_to_translated(
            "accounts", "program", {"title": TranslatedField(verbose_name="title", max_length=300)}
        ),
        migrations.AlterModelOptions(
            name="organization",
            options={
                "ordering": ("kind", by_name("name"), "pk"),
                "verbose_name": "organization",
                "verbose_name_plural": "organizations",
            },
        ),
        migrations.AlterModelOptions(
            name="membership",
            options={
                "ordering": (by_name("organization__name"), "user__name_latin"),
                "verbose_name": "membership",
                "verbose_name_plural": "memberships",
            },
        ),
    ]
