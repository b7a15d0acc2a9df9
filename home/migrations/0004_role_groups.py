"""Role groups (教师 / 校级培训者 / 县级培训者 / 编辑) with admin access and page permissions.

Teachers may add resources in the library and edit their own (Wagtail's owner rule);
trainers and editors get wider rights. The review workflow (a later migration) scopes
trainers to their school or region.
"""

from django.db import migrations

ROLE_GROUPS = {
    "教师": ["add"],
    "校级培训者": ["add", "change", "publish"],
    "县级培训者": ["add", "change", "publish"],
    "编辑": ["add", "change", "publish", "lock", "unlock"],
}


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    Page = apps.get_model("wagtailcore.Page")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore.Collection")

    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    page_ct = ContentType.objects.get(app_label="wagtailcore", model="page")
    library = Page.objects.filter(depth=3, slug="library").first()
    home = Page.objects.filter(depth=2, slug="home").first()
    root_collection = Collection.objects.filter(depth=1).first()
    # Wagtail's default groups, named in Chinese like ours.
    Group.objects.filter(name="Moderators").update(name="站点审核员")
    Group.objects.filter(name="Editors").update(name="站点编辑")
    for name, actions in ROLE_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(access_admin)
        target = home if name == "编辑" else library
        for action in actions:
            permission = Permission.objects.get(content_type=page_ct, codename=f"{action}_page")
            GroupPagePermission.objects.get_or_create(group=group, page=target, permission=permission)
        if root_collection:
            for model, codenames in (("document", ["add_document", "choose_document"]), ("image", ["add_image", "choose_image"])):
                for codename in codenames:
                    permission = Permission.objects.filter(content_type__app_label=f"wagtail{model}s", codename=codename).first()
                    if permission:
                        GroupCollectionPermission.objects.get_or_create(
                            group=group, collection=root_collection, permission=permission
                        )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_site_structure"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
