"""Cohorts are ordered by their college's name, which is now one translated field (accounts 0006)."""

from django.db import migrations
from django.db.models import TextField, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, NullIf


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0008_skill_endorsement"),
        ("accounts", "0007_organization_program_translated"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="cohort",
            options={
                "ordering": (
                    Coalesce(
                        *(
                            NullIf(KeyTextTransform(code, "college__name"), Value(""))
                            for code in ("en", "ja", "mn")
                        ),
                        Value(""),
                        output_field=TextField(),
                    ),
                    "intake",
                ),
                "verbose_name": "cohort",
                "verbose_name_plural": "cohorts",
            },
        ),
    ]
