# A lower office's publication imported by file (issue 25 item 1).

import scoring.workspace.jsoncodec
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('workspace', '0009_correction'),
    ]

    operations = [
        migrations.CreateModel(
            name='ImportedPublication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('office', models.TextField()),
                ('round_code', models.CharField(max_length=100)),
                ('round_uid', models.CharField(max_length=36)),
                ('round_name', models.TextField(blank=True)),
                ('year', models.IntegerField(blank=True, null=True)),
                ('number', models.IntegerField()),
                ('published_at', models.CharField(max_length=40)),
                ('ruleset_id', models.CharField(max_length=200)),
                ('ruleset_version', models.CharField(max_length=100)),
                ('fingerprint', models.CharField(max_length=100)),
                ('files', models.JSONField(decoder=scoring.workspace.jsoncodec.DecimalDecoder, default=dict, encoder=scoring.workspace.jsoncodec.ExactEncoder)),
                ('manifest_sha256', models.CharField(max_length=64)),
                ('source', models.TextField(blank=True)),
                ('actor', models.CharField(max_length=200)),
                ('at', models.DateTimeField()),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('round_uid', 'number'), name='imported_publication_unique')],
            },
        ),
    ]
