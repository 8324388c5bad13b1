"""Splits every application's single-line names into family and given name and fills the sort keys, as
accounts 0009_split_names does for people (kakehashi.accounts.names.split_full_names).

In Japanese or Cyrillic script the first word is the family name (patronymic); a name without a space is a
given name only; in Latin script a word in capitals is the family name, a Mongolian's Latin name follows the
Cyrillic one, everyone else's is given name first. Nothing is dropped: every word lands in one part. The
single-line names are then written from the parts as the model writes them on save (Latin given name first,
own script family name first). Backwards the single-line names keep every word; the parts' columns go with
0013.
"""

from typing import Any

from django.db import migrations

BATCH = 1000


def split_names(apps: Any, schema_editor: Any) -> None:
    from types import SimpleNamespace

    from kakehashi.accounts.names import SORT_LANGUAGES, sort_key, split_full_names

    Application = apps.get_model("internships", "Application")
    alias = schema_editor.connection.alias
    fields = [
        "name_latin",
        "name_cyrillic",
        "family_name_latin",
        "given_name_latin",
        "family_name_local",
        "given_name_local",
        "family_name_reading",
        "given_name_reading",
        *(f"sort_key_{language}" for language in SORT_LANGUAGES),
    ]
    rows = Application.objects.using(alias).order_by("pk").only("pk", "name_latin", "name_cyrillic")
    batch = []
    for application in rows.iterator(chunk_size=BATCH):
        parts = split_full_names(application.name_latin, application.name_cyrillic)
        application.family_name_latin, application.given_name_latin = parts.family_latin, parts.given_latin
        application.family_name_local, application.given_name_local = parts.family_local, parts.given_local
        application.family_name_reading = application.given_name_reading = ""
        application.name_latin, application.name_cyrillic = parts.latin, parts.local
        person = SimpleNamespace(
            family_name_latin=parts.family_latin,
            given_name_latin=parts.given_latin,
            family_name_local=parts.family_local,
            given_name_local=parts.given_local,
            family_name_reading="",
            given_name_reading="",
            name_latin=parts.latin,
            name_local=parts.local,
        )
        for language in SORT_LANGUAGES:
            setattr(application, f"sort_key_{language}", sort_key(person, language))  # type: ignore[arg-type]
        batch.append(application)
        if len(batch) >= BATCH:
            Application.objects.using(alias).bulk_update(batch, fields)
            batch = []
    if batch:
        Application.objects.using(alias).bulk_update(batch, fields)


def join_names(apps: Any, schema_editor: Any) -> None:
    """Backwards: the single-line names hold every word already; the parts' columns go with 0013."""


class Migration(migrations.Migration):
    dependencies = [("internships", "0013_application_name_parts")]

    operations = [migrations.RunPython(split_names, join_names, elidable=False)]
