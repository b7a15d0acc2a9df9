"""Default credit rules: 校本研修 20 credits per teacher per year (Hunan plan), others open."""

from decimal import Decimal

from django.db import migrations


def create_rules(apps, schema_editor):
    CreditRule = apps.get_model("workshops", "CreditRule")
    CreditRule.objects.get_or_create(
        source="school_research", defaults={"yearly_cap": Decimal("20"), "yearly_target": Decimal("20")}
    )
    for source in ("course", "recommended_work", "workshop", "other"):
        CreditRule.objects.get_or_create(source=source)


class Migration(migrations.Migration):
    dependencies = [("workshops", "0001_initial")]
    operations = [migrations.RunPython(create_rules, migrations.RunPython.noop)]
