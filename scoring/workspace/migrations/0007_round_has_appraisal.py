# A round declares whether it has the council's appraisal stage (issue 24, item 3).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('workspace', '0006_lateness_allowance'),
    ]

    operations = [
        migrations.AddField(
            model_name='round',
            name='has_appraisal',
            field=models.BooleanField(default=True),
        ),
    ]
