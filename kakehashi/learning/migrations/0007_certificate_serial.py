"""Course certificates get serial numbers: the ones already issued are numbered in the order they were
issued, per year (KH-C26-00001, ...), then the column becomes unique."""

from django.db import migrations, models


def number_issued_certificates(apps, schema_editor):  # type: ignore[no-untyped-def]
    Certificate = apps.get_model("learning", "Certificate")
    counters: dict[int, int] = {}
    for certificate in Certificate.objects.order_by("issued_on", "pk"):
        year = certificate.issued_on.year % 100
        counters[year] = counters.get(year, 0) + 1
        certificate.serial = f"KH-C{year:02d}-{counters[year]:05d}"
        certificate.save(update_fields=["serial"])


class Migration(migrations.Migration):
    dependencies = [("learning", "0006_exercise_run_lost_status")]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="serial",
            field=models.CharField(default="", max_length=24, verbose_name="serial number"),
            preserve_default=False,
        ),
        migrations.RunPython(number_issued_certificates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="certificate",
            name="serial",
            field=models.CharField(max_length=24, unique=True, verbose_name="serial number"),
        ),
    ]
