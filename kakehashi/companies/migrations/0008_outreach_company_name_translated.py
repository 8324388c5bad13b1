"""A company's name in the pipeline moves from `name_ja` / `name_en` onto one TranslatedField `name`, so that it
can also be written in Mongolian (and any language of settings.LANGUAGES)."""

import django.db.models.fields.json
import django.db.models.functions.comparison
from django.db import migrations, models

import kakehashi.core.multilingual.fields

BATCH = 500


def _save(model, rows, fields):
    for start in range(0, len(rows), BATCH):
        model._base_manager.bulk_update(rows[start : start + BATCH], fields)


def forward(apps, schema_editor):
    OutreachCompany = apps.get_model("companies", "OutreachCompany")
    rows = list(
        OutreachCompany._base_manager.using(schema_editor.connection.alias)
        .only("pk", "name_ja", "name_en")
        .order_by("pk")
    )
    for row in rows:
        texts = {"ja": (row.name_ja or "").strip(), "en": (row.name_en or "").strip()}
        row.name = {code: text for code, text in texts.items() if text}
    _save(OutreachCompany, rows, ["name"])


def backward(apps, schema_editor):
    """Japanese and English go back to their columns. A name written in no other language than Mongolian
    goes into `name_en` (the old schema asked for a Japanese or an English name); a Mongolian name beside
    a Japanese or English one has no column to go back to."""
    OutreachCompany = apps.get_model("companies", "OutreachCompany")
    rows = list(OutreachCompany._base_manager.using(schema_editor.connection.alias).only("pk", "name").order_by("pk"))
    for row in rows:
        texts = dict(row.name or {})
        row.name_ja = texts.get("ja", "")
        row.name_en = texts.get("en", "") or ("" if row.name_ja else next(iter(texts.values()), ""))
    _save(OutreachCompany, rows, ["name_ja", "name_en"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_split_names"),
        ("companies", "0007_companyprofile_meeting_url_pattern"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="outreachcompany", name="outreach_company_has_a_name"),
        migrations.AddField(
            model_name="outreachcompany",
            name="name",
            field=kakehashi.core.multilingual.fields.TranslatedField(max_length=200, verbose_name="name"),
        ),
        migrations.RunPython(forward, backward, elidable=False),
        migrations.AddConstraint(
            model_name="outreachcompany",
            constraint=models.CheckConstraint(
                condition=models.Q(("name", {}), _negated=True), name="outreach_company_has_a_name"
            ),
        ),
        migrations.RemoveField(model_name="outreachcompany", name="name_en"),
        migrations.RemoveField(model_name="outreachcompany", name="name_ja"),
        migrations.AlterModelOptions(
            name="outreachcompany",
            options={
                "ordering": (
                    django.db.models.functions.comparison.Coalesce(
                        django.db.models.functions.comparison.NullIf(
                            django.db.models.fields.json.KeyTextTransform("en", "name"), models.Value("")
                        ),
                        django.db.models.functions.comparison.NullIf(
                            django.db.models.fields.json.KeyTextTransform("ja", "name"), models.Value("")
                        ),
                        django.db.models.functions.comparison.NullIf(
                            django.db.models.fields.json.KeyTextTransform("mn", "name"), models.Value("")
                        ),
                        models.Value(""),
                        output_field=models.TextField(),
                    ),
                    "pk",
                ),
                "verbose_name": "company in the pipeline",
                "verbose_name_plural": "companies in the pipeline",
            },
        ),
    ]
