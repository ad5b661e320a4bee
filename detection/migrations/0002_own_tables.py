"""The tables taken over from monitoring get detection's names; every row stays. The content
types follow, so that permissions granted on flags and detectors keep pointing at them."""

from django.db import migrations

MODELS = ("flag", "flagreview", "detector")


def content_types_move(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in MODELS:
        if not ContentType.objects.using(db).filter(app_label=new, model=model).exists():
            ContentType.objects.using(db).filter(app_label=old, model=model).update(app_label=new)


def forwards(apps, schema_editor) -> None:
    content_types_move(apps, schema_editor, "monitoring", "detection")


def backwards(apps, schema_editor) -> None:
    content_types_move(apps, schema_editor, "detection", "monitoring")


class Migration(migrations.Migration):
    dependencies = [
        ("detection", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelTable(name="detector", table=None),
        migrations.AlterModelTable(name="flag", table=None),
        migrations.AlterModelTable(name="flagreview", table=None),
        migrations.RunPython(forwards, backwards),
    ]
