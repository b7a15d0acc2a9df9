"""Editors (编辑) and county trainers (县级培训者) may upload micro-lecture and recording videos;
editors may change the training settings (micro-lecture length limits per stage)."""

from django.db import migrations

GROUPS = ["编辑", "县级培训者"]
CODENAMES = ["add_media", "change_media"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    permissions = Permission.objects.filter(content_type__app_label="wagtailmedia", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)
    # Permissions of this app are normally created after migrate; create this one now.
    ContentType = apps.get_model("contenttypes.ContentType")
    settings_type, _ = ContentType.objects.get_or_create(app_label="training", model="trainingsettings")
    change_settings, _ = Permission.objects.get_or_create(
        content_type=settings_type, codename="change_trainingsettings", defaults={"name": "Can change 课程与微课设置"}
    )
    for group in Group.objects.filter(name="编辑"):
        group.permissions.add(change_settings)


def revoke(apps, schema_editor):
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    GroupCollectionPermission.objects.filter(
        group__name__in=GROUPS, permission__content_type__app_label="wagtailmedia", permission__codename__in=CODENAMES
    ).delete()
    Group = apps.get_model("auth.Group")
    for group in Group.objects.filter(name="编辑"):
        group.permissions.remove(*group.permissions.filter(codename="change_trainingsettings"))


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
        ("home", "0004_role_groups"),
        ("wagtailmedia", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
