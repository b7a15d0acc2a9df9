"""Template context every portal page shares."""

from django.utils.functional import SimpleLazyObject

from resources.review.selectors import unread_notification_count


def inbox(request):
    """``unread_count``: the signed-in user's unread messages, counted only when a template
    shows it (one query; nothing for anonymous visitors)."""
    return {"unread_count": SimpleLazyObject(lambda: unread_notification_count(user=request.user))}
