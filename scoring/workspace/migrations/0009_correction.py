# A published round reopened for a correction (đính chính, issue 24 item 2): the state and its record.

import django.db.models.deletion
import scoring.workspace.jsoncodec
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('workspace', '0008_due_documents'),
    ]

    operations = [
        migrations.AlterField(
            model_name='round',
            name='state',
            field=models.CharField(choices=[('open', 'Đang nhận hồ sơ'), ('closed', 'Đã khóa nhận hồ sơ'), ('appraisal', 'Đang thẩm định'), ('explanations', 'Đang nhận giải trình'), ('final', 'Đã chốt kết quả'), ('published', 'Đã công bố'), ('correction', 'Đang đính chính')], default='open', max_length=20),
        ),
        migrations.CreateModel(
            name='Correction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.IntegerField()),
                ('reason', models.TextField()),
                ('changes', models.JSONField(blank=True, decoder=scoring.workspace.jsoncodec.DecimalDecoder, default=list, encoder=scoring.workspace.jsoncodec.ExactEncoder)),
                ('opened_by', models.CharField(max_length=200)),
                ('opened_at', models.DateTimeField()),
                ('previous', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='workspace.publication')),
                ('publication', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='correction', to='workspace.publication')),
                ('round', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='workspace.round')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('round', 'number'), name='correction_unique')],
            },
        ),
    ]
