"""The credit ledger moved to the credits app (same table); the enrolment's FK follows it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0002_media_permissions"),
        ("credits", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="enrolment",
            name="credit_entry",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="credits.creditentry",
                verbose_name="学分记录",
            ),
        ),
    ]
