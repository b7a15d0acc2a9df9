"""Background work of the resource cloud (Celery tasks take ids and call a service)."""

from celery import shared_task


@shared_task(ignore_result=True)
def review_notification_send(notification_id: int) -> None:
    """Email one review notification (站内消息) to its recipient."""
    from resources.review.notify import notification_send_email

    notification_send_email(notification_id=notification_id)


@shared_task(ignore_result=True)
def resource_views_flush() -> None:
    """Periodic (Celery beat) and on a threshold: move views counted in the cache to the database."""
    from resources.view_counts import resource_views_flush as flush

    flush()
