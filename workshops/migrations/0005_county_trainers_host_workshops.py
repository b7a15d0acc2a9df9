"""County trainers (县级培训者) host workshops: they may add workshops under 教师工作坊 and publish
them; Wagtail's owner rule lets them edit only their own (editors keep full rights from the home page)."""

from django.db import migrations


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    WorkshopIndexPage = apps.get_model("workshops.WorkshopIndexPage")
    group = Group.objects.filter(name="县级培训者").first()
    index = WorkshopIndexPage.objects.first()
    if group is None or index is None:
        return
    page_ct, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    for action in ("add", "publish"):
        permission = Permission.objects.filter(content_type=page_ct, codename=f"{action}_page").first()
        if permission:
            GroupPagePermission.objects.get_or_create(group=group, page_id=index.pk, permission=permission)


class Migration(migrations.Migration):
    dependencies = [("workshops", "0004_workshop_section")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
