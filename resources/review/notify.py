"""Email delivery of review notifications."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from .models import ReviewNotification


def notification_send_email(*, notification_id: int) -> bool:
    """Send the email of a notification once; recipients without an address get the inbox only."""
    notification = ReviewNotification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.emailed_at is not None or not notification.recipient.email:
        return False
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    link = ""
    if notification.link:
        link = base + notification.link
    elif notification.page_id:
        link = base + notification_link(notification)
    body = f"{notification.body}\n\n{link}\n\n—— {settings.WAGTAIL_SITE_NAME}（此邮件由系统发送，请勿直接回复）"
    send_mail(
        subject=f"【{notification.get_category_display()}】{notification.subject}",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[notification.recipient.email],
    )
    ReviewNotification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


def notification_link(notification) -> str:
    """Where a message leads: its own link; for a message about a work, the author's page of
    the work in 我的作品 (``settings.PORTAL_WORK_URL``) or a reviewer's record of it."""
    if notification.link:
        return notification.link
    if not notification.page_id:
        return ""
    page = notification.page
    if notification.recipient_id in (page.owner_id, page.author_id):
        return settings.PORTAL_WORK_URL.format(id=notification.page_id)
    return reverse("resources_review:detail", args=(notification.page_id,))
