"""The data migration from a column per language (`title_ja`, `title_en`, `title_mn`) to one TranslatedField.

In a migration, after AddField of the new field and before RemoveField of the old columns:

    move_triplets("learning", "course", "title", "summary")
"""

import copy
from typing import Any

from django.db import migrations

OLD_LANGUAGES = ("ja", "en", "mn")
BATCH = 500


def check_constraints_now(schema_editor: Any) -> None:
    """On PostgreSQL, checks the deferred foreign keys of the rows a data step has written now rather than
    at commit. A row updated twice in one transaction (by two data steps of one migration, as a migration
    is reversed) leaves a deferred check pending, and PostgreSQL then refuses the next ALTER TABLE of that
    table ("pending trigger events"). Call it at the end of every data step that writes rows."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _rows(model: Any, schema_editor: Any, names: Any) -> Any:
    # By pk, not by the model's Meta ordering: that may name a column of another model which an earlier
    # migration has already moved (a place ordered by its company's `name_en`).
    return (
        model._base_manager.using(schema_editor.connection.alias).only("pk", *names).order_by("pk").iterator()
    )


def _forward(app_label: str, model_name: str, fields: tuple[str, ...]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        columns = [f"{field}_{code}" for field in fields for code in OLD_LANGUAGES]
        batch = []
        for row in _rows(model, schema_editor, columns):
            for field in fields:
                texts = {code: getattr(row, f"{field}_{code}") or "" for code in OLD_LANGUAGES}
                setattr(row, field, {code: text.strip() for code, text in texts.items() if text.strip()})
            batch.append(row)
            if len(batch) >= BATCH:
                model._base_manager.bulk_update(batch, list(fields))
                batch = []
        if batch:
            model._base_manager.bulk_update(batch, list(fields))
        check_constraints_now(schema_editor)

    return run


def _backward(app_label: str, model_name: str, fields: tuple[str, ...]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        columns = [f"{field}_{code}" for field in fields for code in OLD_LANGUAGES]
        batch = []
        for row in _rows(model, schema_editor, fields):
            for field in fields:
                texts = getattr(row, field) or {}
                for code in OLD_LANGUAGES:
                    setattr(row, f"{field}_{code}", texts.get(code, ""))
            batch.append(row)
            if len(batch) >= BATCH:
                model._base_manager.bulk_update(batch, columns)
                batch = []
        if batch:
            model._base_manager.bulk_update(batch, columns)
        check_constraints_now(schema_editor)

    return run


def move_triplets(app_label: str, model_name: str, *fields: str) -> migrations.RunPython:
    """Copies `<field>_ja/_en/_mn` into `<field>` (and back, when the migration is reversed)."""
    return migrations.RunPython(
        _forward(app_label, model_name, fields), _backward(app_label, model_name, fields), elidable=False
    )


class _RemoveLanguageColumn(migrations.RemoveField):
    """RemoveField whose reversal adds the column back filled with "" (the data step then fills it): a
    required column without a default could not be added back to a table that has rows."""

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        to_model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, to_model):
            from_model = from_state.apps.get_model(app_label, self.model_name)
            field = copy.copy(to_model._meta.get_field(self.name))
            field.default = ""
            schema_editor.add_field(from_model, field)


def triplets_to_translated(app_label: str, model_name: str, fields: dict[str, Any]) -> list[Any]:
    """The whole move of one model, as a migration's operations: add each TranslatedField, copy the
    columns into it, drop the columns.

        operations = triplets_to_translated("privacy", "consenttext", {
            "title": TranslatedField(verbose_name="title", max_length=200),
        })
    """
    operations: list[Any] = [
        migrations.AddField(model_name=model_name, name=name, field=field) for name, field in fields.items()
    ]
    operations.append(move_triplets(app_label, model_name, *fields))
    operations += [
        _RemoveLanguageColumn(model_name=model_name, name=f"{name}_{code}")
        for name in fields
        for code in OLD_LANGUAGES
    ]
    return operations


def language_of(text: str) -> str:
    """The language a text written before it had languages is taken to be in, by its script: kana or kanji
    "ja", Cyrillic "mn", anything else "en"."""
    for character in text:
        if "\u3040" <= character <= "\u30ff" or "\u4e00" <= character <= "\u9fff":
            return "ja"
        if "\u0400" <= character <= "\u04ff":
            return "mn"
    return "en"


def _string_forward(app_label: str, model_name: str, old: str, new: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        batch = []
        for row in _rows(model, schema_editor, (old,)):
            text = (getattr(row, old) or "").strip()
            setattr(row, new, {language_of(text): text} if text else {})
            batch.append(row)
            if len(batch) >= BATCH:
                model._base_manager.bulk_update(batch, [new])
                batch = []
        if batch:
            model._base_manager.bulk_update(batch, [new])
        check_constraints_now(schema_editor)

    return run


def _string_backward(app_label: str, model_name: str, old: str, new: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        batch = []
        for row in _rows(model, schema_editor, (new,)):
            texts = getattr(row, new) or {}
            chosen = next((texts[code] for code in OLD_LANGUAGES if texts.get(code)), "")
            setattr(row, old, chosen or next(iter(texts.values()), ""))
            batch.append(row)
            if len(batch) >= BATCH:
                model._base_manager.bulk_update(batch, [old])
                batch = []
        if batch:
            model._base_manager.bulk_update(batch, [old])
        check_constraints_now(schema_editor)

    return run


def string_to_translated(app_label: str, model_name: str, name: str, field: Any) -> list[Any]:
    """The move of one text field written in no particular language (`name = CharField(...)`) onto a
    TranslatedField of the same name, as a migration's operations. Each text lands in the language its
    script says (`language_of`); reversed, the column gets the text in the first of ja, en, mn written
    (ja first: the old texts were mostly the program office's Japanese), and the other languages are lost.
    """
    temporary = f"{name}_translated"
    return [
        migrations.AddField(model_name=model_name, name=temporary, field=field),
        migrations.RunPython(
            _string_forward(app_label, model_name, name, temporary),
            _string_backward(app_label, model_name, name, temporary),
            elidable=False,
        ),
        _RemoveLanguageColumn(model_name=model_name, name=name),
        migrations.RenameField(model_name=model_name, old_name=temporary, new_name=name),
    ]
