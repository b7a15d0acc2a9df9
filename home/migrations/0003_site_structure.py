"""Replace Wagtail's welcome page with the portal home page and its resource library (资源库)."""

from django.db import migrations


def create_site(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")
    ResourceIndexPage = apps.get_model("resources.ResourceIndexPage")

    Page.objects.filter(depth=2, slug="home").exclude(content_type__app_label="home").delete()
    root = Page.objects.get(depth=1)
    locale = Locale.objects.first()
    home_ct, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    library_ct, _ = ContentType.objects.get_or_create(model="resourceindexpage", app_label="resources")

    home = HomePage.objects.create(
        title="教师研训资源云",
        draft_title="教师研训资源云",
        hero_title="教师研训资源云",
        intro="<p>汇聚教师在研修中生成的教学设计、单元整体教学案例、课堂实录、微课与校本研修方案，经学校审核、区县推优，服务每一位教师的专业成长。</p>",
        slug="home",
        content_type=home_ct,
        path=f"{root.path}0001",
        depth=2,
        numchild=1,
        url_path="/home/",
        locale=locale,
        live=True,
    )
    ResourceIndexPage.objects.create(
        title="资源库",
        draft_title="资源库",
        intro="按学段、学科、年级、资源类型、区域与学校筛选教师生成性资源。",
        slug="library",
        content_type=library_ct,
        path=f"{home.path}0001",
        depth=3,
        numchild=0,
        url_path="/home/library/",
        locale=locale,
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="RTPT 教师研训资源云")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_taxonomies"),
        ("resources", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_site, migrations.RunPython.noop)]
