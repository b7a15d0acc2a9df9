"""An export's page is any Wagtail page, so the credit bank does not depend on the workshops app.

The column keeps its name and values (a workshop's id is its page id); only the foreign key now
references ``wagtailcore_page``.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("credits", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterField(
            model_name="exportrecord",
            name="workshop",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="wagtailcore.page",
                verbose_name="工作坊",
            ),
        ),
    ]
