"""Take thread subjects out of the audit log entries written before the thread was registered without them:
the `subject` change (in `changes`, the older `changes_text` and `serialized_data`) and the subject kept as
the entry's text (`object_repr`, now "thread <id>"). Running it twice changes nothing more; nothing is put
back on reversal."""

import json

from django.db import migrations


def _without_subject(value):
    """The dict without its "subject" key, or None when there was none."""
    if isinstance(value, dict) and "subject" in value:
        return {key: item for key, item in value.items() if key != "subject"}
    return None


def scrub_subjects(apps, schema_editor) -> int:
    LogEntry = apps.get_model("auditlog", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label="conversations", model="thread").first()
    if content_type is None:
        return 0
    changed = 0
    for entry in LogEntry.objects.filter(content_type=content_type).iterator():
        fields = []
        if entry.object_repr != f"thread {entry.object_pk}":
            entry.object_repr = f"thread {entry.object_pk}"
            fields.append("object_repr")
        if (changes := _without_subject(entry.changes)) is not None:
            entry.changes = changes
            fields.append("changes")
        try:
            text = json.loads(entry.changes_text) if entry.changes_text else None
        except ValueError:
            text = None
        if (text := _without_subject(text)) is not None:
            entry.changes_text = json.dumps(text)
            fields.append("changes_text")
        data = entry.serialized_data
        if isinstance(data, dict) and (values := _without_subject(data.get("fields"))) is not None:
            entry.serialized_data = {**data, "fields": values}
            fields.append("serialized_data")
        if fields:
            entry.save(update_fields=fields)
            changed += 1
    return changed


class Migration(migrations.Migration):
    dependencies = [
        ("conversations", "0003_encrypt_existing_messages"),
        ("auditlog", "0015_alter_logentry_changes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(scrub_subjects, migrations.RunPython.noop, elidable=False)]
