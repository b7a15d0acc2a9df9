"""Load the curriculum taxonomies (学段, 年级, 学科, 教师发展阶段) every installation needs."""

from django.db import migrations
from django.utils.text import slugify

from home import taxonomy_data


def slug(name):
    return slugify(name, allow_unicode=True)


def load(apps, schema_editor):
    Stage = apps.get_model("home", "Stage")
    Grade = apps.get_model("home", "Grade")
    Subject = apps.get_model("home", "Subject")
    TeacherStage = apps.get_model("home", "TeacherStage")
    stages = {}
    for order, name in enumerate(taxonomy_data.STAGES):
        stages[name], _ = Stage.objects.get_or_create(name=name, defaults={"slug": slug(name), "sort_order": order})
        for g_order, grade in enumerate(taxonomy_data.GRADES[name]):
            Grade.objects.get_or_create(stage=stages[name], name=grade, defaults={"sort_order": g_order})
    for order, name in enumerate(taxonomy_data.all_subjects()):
        subject, _ = Subject.objects.get_or_create(name=name, defaults={"slug": slug(name), "sort_order": order})
        subject.stages.set([stages[s] for s in taxonomy_data.STAGES if name in taxonomy_data.SUBJECTS[s]])
    for order, name in enumerate(taxonomy_data.TEACHER_STAGES):
        TeacherStage.objects.get_or_create(name=name, defaults={"slug": slug(name), "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("home", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
