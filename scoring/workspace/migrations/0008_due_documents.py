# The year's fixed-date documents units owe, and their receipts (issue 24 item 5).

import django.db.models.deletion
import scoring.workspace.jsoncodec
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('workspace', '0007_round_has_appraisal'),
    ]

    operations = [
        migrations.AddField(
            model_name='round',
            name='documents_rule',
            field=models.JSONField(blank=True, decoder=scoring.workspace.jsoncodec.DecimalDecoder, default=dict, encoder=scoring.workspace.jsoncodec.ExactEncoder),
        ),
        migrations.CreateModel(
            name='DueDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=100)),
                ('name', models.TextField()),
                ('due', models.DateTimeField()),
                ('unit_types', models.JSONField(blank=True, decoder=scoring.workspace.jsoncodec.DecimalDecoder, default=list, encoder=scoring.workspace.jsoncodec.ExactEncoder)),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='due_documents', to='workspace.round')),
            ],
        ),
        migrations.CreateModel(
            name='DocumentReceipt',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('received_at', models.DateTimeField()),
                ('original_name', models.TextField(blank=True)),
                ('content_type', models.CharField(blank=True, max_length=100)),
                ('size', models.BigIntegerField(default=0)),
                ('channel', models.CharField(max_length=20)),
                ('recorded_by', models.CharField(max_length=200)),
                ('note', models.TextField(blank=True)),
                ('at', models.DateTimeField()),
                ('removed', models.BooleanField(default=False)),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='document_receipts', to='workspace.rosterentry')),
                ('file', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='workspace.storedfile')),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='document_receipts', to='workspace.round')),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='receipts', to='workspace.duedocument')),
            ],
        ),
        migrations.AddConstraint(
            model_name='duedocument',
            constraint=models.UniqueConstraint(fields=('round', 'code'), name='due_document_unique'),
        ),
        migrations.AddIndex(
            model_name='documentreceipt',
            index=models.Index(fields=['round', 'entry'], name='workspace_d_round_i_cd672f_idx'),
        ),
    ]
