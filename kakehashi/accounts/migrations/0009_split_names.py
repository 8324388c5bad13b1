"""Splits every person's single-line names into family and given name and fills the sort keys.

Rules (kakehashi.accounts.names.split_full_names): in Japanese or Cyrillic script the first word is the family
name (patronymic); a name without a space is a given name only; in Latin script a word in capitals is the
family name, a Mongolian's Latin name follows the Cyrillic one, everyone else's is given name first. Nothing
is dropped: every word lands in one part. The single-line names are then written from the parts as the
model writes them on save (Latin given name first, own script family name first), so search and the apps
that print them agree with the parts; the words are the same, only a Mongolian's Latin name changes order.
"""

from typing import Any

from django.db import migrations

BATCH = 1000


def split_names(apps: Any, schema_editor: Any) -> None:
    from kakehashi.accounts.names import SORT_LANGUAGES, sort_key, split_full_names

    User = apps.get_model("accounts", "User")
    fields = [
        "name_latin",
        "name_local",
        "family_name_latin",
        "given_name_latin",
        "family_name_local",
        "given_name_local",
        *(f"sort_key_{language}" for language in SORT_LANGUAGES),
    ]
    people = User.objects.using(schema_editor.connection.alias).order_by("pk")
    batch = []
    for person in people.only("pk", "name_latin", "name_local").iterator(chunk_size=BATCH):
        parts = split_full_names(person.name_latin, person.name_local)
        person.family_name_latin, person.given_name_latin = parts.family_latin, parts.given_latin
        person.family_name_local, person.given_name_local = parts.family_local, parts.given_local
        person.family_name_reading = person.given_name_reading = ""
        person.name_latin, person.name_local = parts.latin, parts.local
        for language in SORT_LANGUAGES:
            setattr(person, f"sort_key_{language}", sort_key(person, language))
        batch.append(person)
        if len(batch) >= BATCH:
            User.objects.using(schema_editor.connection.alias).bulk_update(batch, fields)
            batch = []
    if batch:
        User.objects.using(schema_editor.connection.alias).bulk_update(batch, fields)


def join_names(apps: Any, schema_editor: Any) -> None:
    """Backwards: the single-line names hold every word already; the parts' columns go with 0006."""


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_name_parts")]

    operations = [migrations.RunPython(split_names, join_names, elidable=False)]
