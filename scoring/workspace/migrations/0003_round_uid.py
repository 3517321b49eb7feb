"""Rounds get an identity beyond their code (``Round.uid``), written into the council's sheets.

Three steps, as a unique field with a random default needs: the column is added empty, every
existing round gets its own UUID, then the column becomes required and unique.
"""

import uuid

from django.db import migrations, models


def give_uids(apps, schema_editor):
    Round = apps.get_model("workspace", "Round")
    for round_ in Round.objects.filter(uid__isnull=True):
        round_.uid = uuid.uuid4()
        round_.save(update_fields=["uid"])


class Migration(migrations.Migration):

    dependencies = [
        ("workspace", "0002_evidence_document"),
    ]

    operations = [
        migrations.AddField(
            model_name="round",
            name="uid",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_uids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="round",
            name="uid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
