"""Create the showcase section (同课异构, /showcase/) under the portal home page.

Other sections add children to the home page too, so the tree path is the next free one
after the home page's last child, computed here rather than written down.
"""

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # django-treebeard's materialised-path alphabet
STEPLEN = 4


def _next_child_path(Page, parent) -> str:
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by("-path").values_list("path", flat=True).first()
    )
    number = int(last[-STEPLEN:], 36) + 1 if last else 1
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return parent.path + digits.rjust(STEPLEN, "0")


def create_showcase_index(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("home.HomePage")
    ShowcaseIndexPage = apps.get_model("showcase.ShowcaseIndexPage")

    home = HomePage.objects.filter(depth=2, slug="home").first()
    if home is None or ShowcaseIndexPage.objects.exists():
        return
    if Page.objects.filter(path__startswith=home.path, depth=home.depth + 1, slug="showcase").exists():
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="showcase", model="showcaseindexpage")
    ShowcaseIndexPage.objects.create(
        title="同课异构",
        draft_title="同课异构",
        seo_title="同课异构案例展示",
        search_description="同一课题、不同设计：跨校、跨区域教师的教学设计、课堂实录与反思并排对比，附专家点评。",
        intro="同一节课，不同学校、不同地区的老师各有设计。并排比较教学目标、核心活动、时间分配与评价方式，观看课堂实录，阅读专家点评。",
        slug="showcase",
        content_type=content_type,
        path=_next_child_path(Page, home),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}showcase/",
        locale_id=home.locale_id,
        live=True,
        show_in_menus=True,
    )
    Page.objects.filter(pk=home.pk).update(numchild=Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).count())


def remove_showcase_index(apps, schema_editor):
    ShowcaseIndexPage = apps.get_model("showcase.ShowcaseIndexPage")
    Page = apps.get_model("wagtailcore.Page")
    for index in ShowcaseIndexPage.objects.all():
        parent_path = index.path[:-STEPLEN]
        index.delete()
        parent = Page.objects.filter(path=parent_path).first()
        if parent is not None:
            Page.objects.filter(pk=parent.pk).update(
                numchild=Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).count()
            )


class Migration(migrations.Migration):
    dependencies = [
        ("showcase", "0001_initial"),
        ("home", "0003_site_structure"),
    ]
    operations = [migrations.RunPython(create_showcase_index, remove_showcase_index)]
