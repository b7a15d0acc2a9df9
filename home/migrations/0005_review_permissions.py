"""Permissions of review and recommendation (审核与推优).

Page permissions keep their shape (教师: add on the library, so they edit only their own
works; trainers: add/change/publish on the library; 编辑: add/change/publish/lock/unlock on
the home page); what changes is where they apply, which GeneratedResourcePage's permission
tester narrows to the user's own works, school or region. Every approval path publishes:
the approving reviewer is allowed to publish the work they approve, whatever their level.

Editors (编辑) manage the recommendation quotas (推优名额) as a snippet.
"""

from django.db import migrations

QUOTA_ACTIONS = {"add": "Can add", "change": "Can change", "delete": "Can delete", "view": "Can view"}


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")

    quota_type, _ = ContentType.objects.get_or_create(app_label="resources", model="recommendationquota")
    editors = Group.objects.filter(name="编辑").first()
    if editors is not None:
        for action, label in QUOTA_ACTIONS.items():
            permission, _ = Permission.objects.get_or_create(
                content_type=quota_type,
                codename=f"{action}_recommendationquota",
                defaults={"name": f"{label} 推优名额"},
            )
            editors.permissions.add(permission)

    # Escalated school review can land on a county trainer or an editor: all of them may publish.
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    publish = Permission.objects.get(content_type=page_type, codename="publish_page")
    library = Page.objects.filter(depth=3, slug="library").first()
    if library is not None:
        for name in ("校级培训者", "县级培训者"):
            group = Group.objects.filter(name=name).first()
            if group is not None:
                GroupPagePermission.objects.get_or_create(group=group, page=library, permission=publish)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_role_groups"),
        ("resources", "0003_review_workflow"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
