"""Teachers (教师) may upload their own videos (微课视频, 课堂录像).

Without a media permission a teacher could not upload the video of a 微课 or 课堂实录 at all.
The grant is on the root collection: ``add_media`` to upload, ``change_media`` so that the
upload, edit and chooser screens open. What it opens is decided by the scoped media policy
(``home.upload_scope.RegionOwnershipPermissionPolicy``, handed to wagtailmedia by
``training.wagtail_hooks``): a teacher oversees nobody, so "change" reaches their own uploads
and nothing else — in the media listing and search, edit, delete, the chooser, ``chosen/<id>``
and ``usage/<id>``. Which media a teacher may put on a page is checked by the page form
(``training.page_forms.CourseItemPageForm``). Every upload still goes through the checked upload
form (``training.forms.CheckedMediaForm``).
"""

from django.db import migrations

GROUPS = ("教师",)
CODENAMES = ("add_media", "change_media")


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore.Collection")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    # wagtailmedia's 0002 creates these permissions, so they exist while migrations run.
    permissions = Permission.objects.filter(content_type__app_label="wagtailmedia", codename__in=CODENAMES)
    for group in Group.objects.filter(name__in=GROUPS):
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root, permission=permission)


def revoke(apps, schema_editor):
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    GroupCollectionPermission.objects.filter(
        group__name__in=GROUPS,
        permission__content_type__app_label="wagtailmedia",
        permission__codename__in=CODENAMES,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_role_document_permissions"),
        ("wagtailmedia", "0002_initial_data"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
