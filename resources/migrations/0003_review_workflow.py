"""School review workflow (校内审核) on the library, and the review status of existing works.

Works already live (imported or published before review existed) count as approved.
"""

from django.db import migrations


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ScopedReviewTask = apps.get_model("resources", "ScopedReviewTask")
    GeneratedResourcePage = apps.get_model("resources", "GeneratedResourcePage")

    GeneratedResourcePage.objects.filter(live=True).update(review_status="approved")

    task_type, _ = ContentType.objects.get_or_create(app_label="resources", model="scopedreviewtask")
    task = ScopedReviewTask.objects.filter(name="校内审核").first()
    if task is None:
        task = ScopedReviewTask.objects.create(name="校内审核", level="school", active=True, content_type=task_type)
    workflow, _ = Workflow.objects.get_or_create(name="校内审核流程", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": 0})
    library = Page.objects.filter(depth=3, slug="library").first()
    if library is not None:
        WorkflowPage.objects.update_or_create(page=library, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0002_review"),
        ("home", "0004_role_groups"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
