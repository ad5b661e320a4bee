"""Flags, their reviews and detectors, taken over from monitoring with their tables and rows."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('monitoring', '0009_flags_move_to_detection'),
        ('parks', '0002_economic_figures'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay as they are: only the models' owner changes.
            state_operations=[
                migrations.CreateModel(
                    name='Detector',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('algorithm', models.CharField(max_length=100, verbose_name='algorithm')),
                        ('parameters', models.JSONField(default=dict, verbose_name='parameters')),
                        ('features', models.JSONField(default=list, verbose_name='features')),
                        ('trained_from', models.DateField(verbose_name='trained from')),
                        ('trained_until', models.DateField(verbose_name='trained until')),
                        ('training_rows', models.PositiveIntegerField(verbose_name='training rows')),
                        ('data_fingerprint', models.CharField(help_text='Hash of the training matrix: unchanged data, no retraining.', max_length=64)),
                        ('sklearn_version', models.CharField(max_length=20, verbose_name='scikit-learn version')),
                        ('format_version', models.PositiveSmallIntegerField(default=1)),
                        ('metrics', models.JSONField(blank=True, default=dict, verbose_name='metrics')),
                        ('artifact', models.FileField(upload_to='detectors/', verbose_name='artifact')),
                        ('artifact_sha256', models.CharField(max_length=64)),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                    ],
                    options={
                        'db_table': 'monitoring_detector',
                'verbose_name': 'detector',
                        'verbose_name_plural': 'detectors',
                        'ordering': ['-created_at'],
                        'get_latest_by': 'created_at',
                    },
                ),
                migrations.CreateModel(
                    name='Flag',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('period', models.DateField(help_text='First day of the month.', verbose_name='period')),
                        ('kind', models.CharField(help_text='The rule\'s code, or "model".', max_length=40, verbose_name='kind')),
                        ('severity', models.PositiveSmallIntegerField(choices=[(1, 'Low'), (2, 'Medium'), (3, 'High')], verbose_name='severity')),
                        ('score', models.FloatField(blank=True, null=True, verbose_name='score')),
                        ('reasons', models.JSONField(default=list, help_text='[{code, …figures}], rendered as sentences.', verbose_name='reasons')),
                        ('fingerprint', models.CharField(help_text='Hash of the figures behind the flag: re-scoring reopens a dismissed flag only when they change.', max_length=64)),
                        ('status', models.CharField(choices=[('open', 'Open'), ('confirmed', 'Confirmed'), ('dismissed', 'Dismissed'), ('cleared', 'Cleared by new data')], default='open', max_length=12, verbose_name='status')),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True, verbose_name='reviewed at')),
                        ('review_note', models.TextField(blank=True, verbose_name='review note')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('category', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='monitoring.wastecategory', verbose_name='waste category')),
                        ('detector', models.ForeignKey(blank=True, help_text='The model version that scored it, for model flags.', null=True, on_delete=django.db.models.deletion.SET_NULL, to='detection.detector', verbose_name='detector')),
                        ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='flags', to='parks.enterprise', verbose_name='enterprise')),
                        ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewed by')),
                    ],
                    options={
                        'db_table': 'monitoring_flag',
                'verbose_name': 'flag',
                        'verbose_name_plural': 'flags',
                        'ordering': ['-period', '-severity', 'enterprise_id'],
                    },
                ),
                migrations.CreateModel(
                    name='FlagReview',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('open', 'Open'), ('confirmed', 'Confirmed'), ('dismissed', 'Dismissed'), ('cleared', 'Cleared by new data')], max_length=12)),
                        ('note', models.TextField(blank=True)),
                        ('at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('flag', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='detection.flag')),
                        ('reviewer', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'monitoring_flagreview',
                'verbose_name': 'flag review',
                        'verbose_name_plural': 'flag reviews',
                        'ordering': ['at'],
                    },
                ),
                migrations.AddIndex(
                    model_name='flag',
                    index=models.Index(fields=['status', '-period'], name='flag_status_period_idx'),
                ),
                migrations.AddConstraint(
                    model_name='flag',
                    constraint=models.UniqueConstraint(fields=('enterprise', 'category', 'period', 'kind'), name='flag_unique'),
                ),
            ],
        ),
    ]
