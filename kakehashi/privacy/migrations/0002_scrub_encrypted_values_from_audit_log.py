"""Rewrite audit log entries written before encrypted fields were redacted (issue 13, finding 2).

django-auditlog's mask_fields kept half of each value ("******AY7788"); every entry of a model with encrypted
or blind index fields gets those fields' values replaced by the fixed marker. The models are the historical
ones, so the fields are those of this point in the migration history, and the function is the tested
kakehashi.privacy.audit.scrub_log_entries. Irreversible by design: the values are gone.
"""

from django.db import migrations


def scrub(apps, schema_editor):
    from kakehashi.privacy.audit import scrub_log_entries, sensitive_fields_of

    models_with_secrets = [
        model for model in apps.get_models() if any(sensitive_fields_of(model))
    ]
    scrub_log_entries(
        apps.get_model("auditlog", "LogEntry"),
        apps.get_model("contenttypes", "ContentType"),
        models_with_secrets,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("operations", "0002_interncase_version"),
        ("auditlog", "0015_alter_logentry_changes"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop, elidable=False)]
