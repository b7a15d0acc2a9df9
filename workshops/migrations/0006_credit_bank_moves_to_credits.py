"""The credit bank (学分规则, 学分记录, 导出凭证) now belongs to the credits app.

State only: the tables stay (``credits`` uses them under their old names, see
``credits.0001_initial``); this migration runs after every FK to them points at ``credits``.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0005_county_trainers_host_workshops"),
        ("credits", "0001_initial"),
        ("training", "0003_credit_entry_in_credits"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="CreditEntry"),
                migrations.DeleteModel(name="CreditRule"),
                migrations.DeleteModel(name="ExportRecord"),
            ],
        ),
    ]
