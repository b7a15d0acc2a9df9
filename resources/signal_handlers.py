"""Signal handlers of the resource cloud: they hand Wagtail's workflow events to the review services."""

from wagtail.models import TaskState, WorkflowState
from wagtail.signals import (
    page_published,
    task_submitted,
    workflow_approved,
    workflow_cancelled,
    workflow_rejected,
    workflow_submitted,
)

# Wagtail's admin emails every workflow submission, approval and rejection itself. The
# review services already tell the author and the reviewers, in Chinese, by inbox and by
# mail; Wagtail's mails would arrive twice. Django ignores a second connect() with the same
# dispatch_uid and sender, and this app's ready() runs before wagtail.admin's, so holding
# those uids with a no-op keeps Wagtail's notifiers from being connected at all.
WAGTAIL_WORKFLOW_MAIL_UIDS = (
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification"),
    (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification"),
    (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification"),
    (workflow_approved, WorkflowState, "workflow_state_approved_email_notification"),
)


def wagtail_workflow_mail_replaced(sender, **kwargs):
    """Placeholder for Wagtail's workflow mail; see WAGTAIL_WORKFLOW_MAIL_UIDS."""


def on_task_submitted(sender, instance, user=None, **kwargs):
    from resources.review.services import resource_review_submitted

    resource_review_submitted(task_state_id=instance.pk, user=user)


def on_workflow_cancelled(sender, instance, user=None, **kwargs):
    from resources.review.services import resource_review_cancelled

    resource_review_cancelled(workflow_state_id=instance.pk, user=user)


def on_page_published(sender, instance, revision=None, **kwargs):
    """A new revision of an awarded work went public: its badge follows the awarded content."""
    from resources.models import GeneratedResourcePage
    from resources.review.services import award_follow_publication

    if isinstance(instance, GeneratedResourcePage):
        award_follow_publication(page_id=instance.pk, revision_id=getattr(revision, "pk", None))


def register_signal_handlers() -> None:
    page_published.connect(on_page_published, dispatch_uid="resources_award_follow_publication")
    for signal, sender, uid in WAGTAIL_WORKFLOW_MAIL_UIDS:
        signal.connect(wagtail_workflow_mail_replaced, sender=sender, dispatch_uid=uid)
    # Sent with the specific task-state class; ScopedReviewTask uses Wagtail's TaskState.
    task_submitted.connect(on_task_submitted, sender=TaskState, dispatch_uid="resources_review_task_submitted")
    workflow_cancelled.connect(
        on_workflow_cancelled, sender=WorkflowState, dispatch_uid="resources_review_workflow_cancelled"
    )
