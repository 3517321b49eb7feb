# The office's per-unit extension and waiver of lateness (issue 24).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('workspace', '0005_sign_in_failures'),
    ]

    operations = [
        migrations.AddField(
            model_name='rosterentry',
            name='extended_until',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='rosterentry',
            name='extension_reason',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='rosterentry',
            name='waiver_reason',
            field=models.TextField(blank=True),
        ),
    ]
