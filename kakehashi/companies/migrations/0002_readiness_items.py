"""The readiness areas and items of reference/readiness_items.yaml (the program office edits them later)."""

from django.db import migrations


def load(apps, schema_editor):
    from kakehashi.companies.reference import load_readiness_items

    load_readiness_items(apps.get_model("companies", "ReadinessArea"), apps.get_model("companies", "ReadinessItem"))


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
