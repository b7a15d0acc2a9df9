"""The required parts a 微课 and a 课堂实录 start with, and editors' right to change them.

A 精品课-style 微课 needs its video plus 教学设计, 学习任务单, 课件 and 练习; a 课堂实录 its video
and 教学设计. Editors (编辑) keep the list in the admin (片段 → 作品必备部分).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

DEFAULTS = {
    "micro_course": (True, ["teaching_design", "task_sheet", "courseware", "exercise"]),
    "lesson_recording": (True, ["teaching_design"]),
}


def forwards(apps, schema_editor):
    WorkRequirement = apps.get_model("resources", "WorkRequirement")
    for kind, (needs_video, parts) in DEFAULTS.items():
        WorkRequirement.objects.get_or_create(kind=kind, defaults={"needs_video": needs_video, "required_parts": parts})
    # Permissions are made after all migrations; make this model's now so the grant finds them.
    config = apps.get_app_config("resources")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="resources", codename__in=["add_workrequirement", "change_workrequirement"]
    )
    for group in Group.objects.filter(name="编辑"):
        group.permissions.add(*permissions)


def backwards(apps, schema_editor):
    apps.get_model("resources", "WorkRequirement").objects.filter(kind__in=DEFAULTS).delete()


class Migration(migrations.Migration):
    dependencies = [("resources", "0005_teacher_works"), ("home", "0007_teacher_media_permissions")]

    operations = [migrations.RunPython(forwards, backwards)]
