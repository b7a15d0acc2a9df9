"""Wagtail's default workflow, its task and the root page, named in Chinese.

Wagtail's own migrations create a workflow and a group approval task both called
"Moderators approval" (for the group 0004 renamed 站点审核员) and a root page titled
"Root"; editors saw those English names in the workflow list, the workflow report, a
page's status panel and the page explorer.
"""

from django.db import migrations

WORKFLOW = ("Moderators approval", "站点审核员审批")
ROOT = ("Root", "根页面")


def rename(apps, schema_editor, forwards=True):
    old, new = WORKFLOW if forwards else WORKFLOW[::-1]
    apps.get_model("wagtailcore.Workflow").objects.filter(name=old).update(name=new)
    apps.get_model("wagtailcore.Task").objects.filter(name=old).update(name=new)
    old, new = ROOT if forwards else ROOT[::-1]
    apps.get_model("wagtailcore.Page").objects.filter(depth=1, title=old).update(title=new, draft_title=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0008_teacherprofile_must_change_password"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]
    operations = [migrations.RunPython(rename, rename_back)]
