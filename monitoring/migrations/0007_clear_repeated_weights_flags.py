"""The repeated_weights check was replaced by device_quality (stuck runs, re-sent tickets,
silent weighbridges): its open flags would never be re-scored, so they are cleared with a note.
Reviewed ones keep their decision."""

from django.db import migrations
from django.utils import timezone

NOTE = "The repeated-weights check was replaced by the weighbridge data-quality check."


def clear(apps, schema_editor):
    Flag = apps.get_model("monitoring", "Flag")
    FlagReview = apps.get_model("monitoring", "FlagReview")
    stale = list(Flag.objects.filter(kind="repeated_weights", status="open"))
    for flag in stale:
        flag.status = "cleared"
        flag.updated_at = timezone.now()
        flag.save(update_fields=["status", "updated_at"])
    FlagReview.objects.bulk_create(
        FlagReview(flag=flag, status="cleared", note=NOTE) for flag in stale
    )


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0006_detector")]

    operations = [migrations.RunPython(clear, migrations.RunPython.noop)]
