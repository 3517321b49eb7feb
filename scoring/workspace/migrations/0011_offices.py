# Offices above offices in one workspace: the office table, a round's and an account's office (issue 25 item 1).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('workspace', '0010_imported_publications'),
    ]

    operations = [
        migrations.AlterField(
            model_name='unitaccount',
            name='role',
            field=models.CharField(choices=[('unit', 'Đơn vị'), ('appraiser', 'Thẩm định'), ('office', 'Văn phòng'), ('leader', 'Lãnh đạo')], default='unit', max_length=20),
        ),
        migrations.CreateModel(
            name='Office',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=100, unique=True)),
                ('name', models.TextField()),
                ('created_at', models.DateTimeField()),
                ('created_by', models.CharField(max_length=200)),
                ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='workspace.office')),
            ],
        ),
        migrations.AddField(
            model_name='round',
            name='office',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='rounds', to='workspace.office'),
        ),
        migrations.AddField(
            model_name='unitaccount',
            name='office',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='accounts', to='workspace.office'),
        ),
    ]
