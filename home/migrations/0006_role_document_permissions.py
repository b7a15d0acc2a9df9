"""Role groups may upload and choose documents (上传附件).

0004 looked the document permissions up under the app label ``wagtaildocuments``; the label is
``wagtaildocs``, so on a fresh install no portal role could upload an attachment. On a fresh
database the permissions do not exist yet while migrations run (Django creates them after
``migrate``), so they are created here first. Which documents a user then sees in the chooser
(their own and those of public works) is decided by ``resources.review.wagtail_hooks``;
which they may attach by the resource page form (their own only, for teachers).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_GROUPS = ("教师", "校级培训者", "县级培训者", "编辑")
CODENAMES = ("add_document", "choose_document")


def grant(apps, schema_editor):
    wagtaildocs = apps.get_app_config("wagtaildocs")
    wagtaildocs.models_module = True
    create_permissions(wagtaildocs, apps=apps, verbosity=0)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore.Collection")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    permissions = Permission.objects.filter(content_type__app_label="wagtaildocs", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=ROLE_GROUPS):
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)


def revoke(apps, schema_editor):
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    GroupCollectionPermission.objects.filter(
        group__name__in=ROLE_GROUPS,
        permission__content_type__app_label="wagtaildocs",
        permission__codename__in=CODENAMES,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_review_permissions"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
