# A higher office's round takes a criterion's value from a lower office's published result (issue 25 item 1).

import scoring.workspace.jsoncodec
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('workspace', '0012_model_register'),
    ]

    operations = [
        migrations.AddField(
            model_name='round',
            name='lower_rule',
            field=models.JSONField(blank=True, decoder=scoring.workspace.jsoncodec.DecimalDecoder, default=dict, encoder=scoring.workspace.jsoncodec.ExactEncoder),
        ),
    ]
