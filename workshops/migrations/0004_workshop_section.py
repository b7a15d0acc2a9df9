"""The 教师工作坊 section page (/workshops/) under the home page, and editors' rights on credit rules.

The index is added as the next free child of the home page (slug "home", depth 2): other
sections add pages there too, so the tree path is computed, never assumed.
"""

from django.db import migrations

STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _next_child_path(parent_path: str, last_child_path: str | None) -> str:
    if last_child_path is None:
        return parent_path + "0001"
    segment = last_child_path[-STEPLEN:]
    value = 0
    for char in segment:
        value = value * len(ALPHABET) + ALPHABET.index(char)
    value += 1
    digits = ""
    for _ in range(STEPLEN):
        value, remainder = divmod(value, len(ALPHABET))
        digits = ALPHABET[remainder] + digits
    return parent_path + digits


def create_section(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    WorkshopIndexPage = apps.get_model("workshops.WorkshopIndexPage")

    home = Page.objects.filter(depth=2, slug="home").first()
    if home is None or WorkshopIndexPage.objects.exists():
        return
    children = Page.objects.filter(depth=home.depth + 1, path__startswith=home.path)
    if children.filter(slug="workshops").exists():
        return
    last = children.order_by("-path").values_list("path", flat=True).first()
    content_type, _ = ContentType.objects.get_or_create(app_label="workshops", model="workshopindexpage")
    WorkshopIndexPage.objects.create(
        title="教师工作坊",
        draft_title="教师工作坊",
        intro="县级培训者、专家与骨干教师主持的教师工作坊：发布研修计划、组织线上线下活动、推送优质资源、开展跨坊研修。",
        slug="workshops",
        content_type=content_type,
        path=_next_child_path(home.path, last),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}workshops/",
        locale_id=home.locale_id,
        live=True,
        has_unpublished_changes=False,
    )
    home.numchild = children.count()
    home.save(update_fields=["numchild"])


def grant_editor_rights(apps, schema_editor):
    """Editors configure credit rules (学分规则) and correct ledger entries; trainers only read the ledger."""
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    rights = {
        "编辑": {"creditrule": ["add", "change", "view"], "creditentry": ["add", "change", "delete", "view"]},
        "县级培训者": {"creditentry": ["view"]},
        "校级培训者": {"creditentry": ["view"]},
    }
    for group_name, models in rights.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for model, actions in models.items():
            content_type, _ = ContentType.objects.get_or_create(app_label="workshops", model=model)
            for action in actions:
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
                )
                group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0003_workshops_and_community"),
        ("home", "0005_review_permissions"),
    ]
    operations = [
        migrations.RunPython(create_section, migrations.RunPython.noop),
        migrations.RunPython(grant_editor_rights, migrations.RunPython.noop),
    ]
