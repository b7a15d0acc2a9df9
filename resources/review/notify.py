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
    link = ""
    if notification.page_id:
        link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "resources_review:detail", args=(notification.page_id,)
        )
    body = f"{notification.body}\n\n{link}\n\n—— {settings.WAGTAIL_SITE_NAME}（此邮件由系统发送，请勿直接回复）"
    send_mail(
        subject=f"【审核推优】{notification.subject}",
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[notification.recipient.email],
    )
    ReviewNotification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True
