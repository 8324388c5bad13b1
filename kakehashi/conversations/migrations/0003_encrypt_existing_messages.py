"""Encrypt the text and original file name of the messages written before they were encrypted fields.

Read and written with SQL: the historical model's fields are already the encrypted ones and would try to
decrypt the plain rows. A value that is already a token is left alone, so running it twice (or on rows
written after 0002) changes nothing more; the empty text is encrypted too, as the field stores it. Reversed,
the values are decrypted back to plain text (before 0002 turns the columns back).
"""

from collections.abc import Callable

from cryptography.fernet import InvalidToken
from django.db import migrations

COLUMNS = ("body", "attachment_name")


def _is_token(value: str) -> bool:
    from kakehashi.privacy.fields import _fernet

    try:
        _fernet().decrypt(value.encode())
    except (InvalidToken, ValueError):
        return False
    return True


def _rewrite(apps, schema_editor, change: Callable[[str], str | None]) -> None:
    Message = apps.get_model("conversations", "Message")
    connection = schema_editor.connection
    table = connection.ops.quote_name(Message._meta.db_table)
    quoted = [connection.ops.quote_name(column) for column in COLUMNS]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {', '.join(quoted)} FROM {table}")  # noqa: S608 - names from the model
        rows = cursor.fetchall()
    updates = []
    for pk, *values in rows:
        changed = [change(value) if value is not None else None for value in values]
        if any(new is not None for new in changed):
            updates.append(
                (*(new if new is not None else old for new, old in zip(changed, values, strict=True)), pk)
            )
    if updates:
        assignments = ", ".join(f"{column} = %s" for column in quoted)
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s", updates)  # noqa: S608


def encrypt_existing(apps, schema_editor) -> None:
    from kakehashi.privacy.fields import encrypt

    _rewrite(apps, schema_editor, lambda value: None if _is_token(value) else encrypt(value))


def decrypt_existing(apps, schema_editor) -> None:
    from kakehashi.privacy.fields import decrypt

    _rewrite(apps, schema_editor, lambda value: decrypt(value) if _is_token(value) else None)


class Migration(migrations.Migration):
    dependencies = [("conversations", "0002_encrypt_messages")]

    operations = [migrations.RunPython(encrypt_existing, decrypt_existing, elidable=False)]
