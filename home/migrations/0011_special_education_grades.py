"""特殊教育 gains the grades 培智学校 use (一年级–九年级), each after its segment (培智低段 …).

The grade lists are written out here, not read from ``home.taxonomy_data``: a migration must
do the same thing whenever it runs, whatever the taxonomy says later. Reversing it leaves the
grades in place: works may be filed under them by then."""

from django.db import migrations

ORDER = ["培智低段", "一年级", "二年级", "三年级", "培智中段", "四年级", "五年级", "六年级",
         "培智高段", "七年级", "八年级", "九年级"]  # fmt: skip
ADDED = [name for name in ORDER if not name.startswith("培智")]


def add_grades(apps, schema_editor):
    Stage = apps.get_model("home", "Stage")
    Grade = apps.get_model("home", "Grade")
    stage = Stage.objects.filter(name="特殊教育").first()
    if stage is None:  # an installation that removed the stage keeps it removed
        return
    for order, name in enumerate(ORDER):
        grade, created = Grade.objects.get_or_create(stage=stage, name=name, defaults={"sort_order": order})
        if not created and grade.sort_order != order:
            grade.sort_order = order
            grade.save(update_fields=["sort_order"])


class Migration(migrations.Migration):
    dependencies = [("home", "0010_notification_choices")]
    operations = [migrations.RunPython(add_grades, migrations.RunPython.noop)]
