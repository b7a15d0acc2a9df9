"""Signal handlers of the resource cloud: they hand Wagtail's workflow events to the review services."""

from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_cancelled


def on_task_submitted(sender, instance, user=None, **kwargs):
    from resources.review.services import resource_review_submitted

    resource_review_submitted(task_state_id=instance.pk, user=user)


def on_workflow_cancelled(sender, instance, user=None, **kwargs):
    from resources.review.services import resource_review_cancelled

    resource_review_cancelled(workflow_state_id=instance.pk, user=user)


def register_signal_handlers() -> None:
    # Sent with the specific task-state class; ScopedReviewTask uses Wagtail's TaskState.
    task_submitted.connect(on_task_submitted, sender=TaskState, dispatch_uid="resources_review_task_submitted")
    workflow_cancelled.connect(on_workflow_cancelled, sender=WorkflowState, dispatch_uid="resources_review_workflow_cancelled")
