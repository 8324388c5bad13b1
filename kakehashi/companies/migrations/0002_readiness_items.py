"""The readiness areas and items of reference/readiness_items.yaml (the program office edits them later).

Written for the columns of that time (title_ja, title_en, title_mn); 0006 moves them onto one translated
field and completes the languages from the file."""

from django.db import migrations


def load(apps, schema_editor):
    from kakehashi.companies.reference import readiness_entries

    area_model = apps.get_model("companies", "ReadinessArea")
    item_model = apps.get_model("companies", "ReadinessItem")
    for area_position, entry in enumerate(readiness_entries(), start=1):
        area, _created = area_model.objects.get_or_create(
            key=entry["area"],
            defaults={"title_en": entry["en"], "title_ja": entry.get("ja", ""), "position": area_position},
        )
        for item_position, item in enumerate(entry["items"], start=1):
            item_model.objects.get_or_create(
                key=item["key"],
                defaults={
                    "area": area,
                    "title_en": item["en"],
                    "title_ja": item.get("ja", ""),
                    "title_mn": item.get("mn", ""),
                    "required": item.get("required", True),
                    "position": item_position,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
