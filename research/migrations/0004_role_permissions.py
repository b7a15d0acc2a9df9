"""Editors maintain the framework (能力维度, 水平描述); editors and county and school trainers
tag courses, activities and resource kinds with dimensions (能力标注), in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "编辑": ("capabilitydimension", "leveldescriptor", "dimensiontag"),
    "县级培训者": ("dimensiontag",),
    "校级培训者": ("dimensiontag",),
}


def grant(apps, schema_editor):
    config = apps.get_app_config("research")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for name, models in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for model in models:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="research",
                    content_type__model=model,
                    codename__in=[f"{action}_{model}" for action in ("add", "change", "delete", "view")],
                )
            )


class Migration(migrations.Migration):
    dependencies = [("research", "0003_dimension_tags"), ("home", "0004_role_groups")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
