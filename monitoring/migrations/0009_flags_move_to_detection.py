"""Flags, their reviews and detectors now belong to the detection app (its 0001 takes over
the same tables, its 0002 renames them): only Django's record of the models changes here."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('monitoring', '0008_upload_batch_dedup_per_uploader'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are: only the models' owner changes.
            state_operations=[
                migrations.RemoveField(
                    model_name='flag',
                    name='detector',
                ),
                migrations.RemoveField(
                    model_name='flag',
                    name='category',
                ),
                migrations.RemoveField(
                    model_name='flag',
                    name='enterprise',
                ),
                migrations.RemoveField(
                    model_name='flag',
                    name='reviewed_by',
                ),
                migrations.RemoveField(
                    model_name='flagreview',
                    name='flag',
                ),
                migrations.RemoveField(
                    model_name='flagreview',
                    name='reviewer',
                ),
                migrations.DeleteModel(
                    name='Detector',
                ),
                migrations.DeleteModel(
                    name='Flag',
                ),
                migrations.DeleteModel(
                    name='FlagReview',
                ),
            ],
        ),
    ]
