"""Media (微课视频, 课堂录像) in the admin: who may see one, and the scoped usage screen.

A user sees a media item when the scoped media policy (``home.upload_scope``, registered for
the media model by ``training.wagtail_hooks``) lets them change or delete it: their own
uploads, and those of the people they oversee. That is the rule of wagtailmedia's listing,
edit, delete, chooser and ``chosen/<id>``; its usage screen asked for nothing but a media
permission on any collection, so anyone allowed to upload could read which pages use
another county's recording. ``media_usage`` answers that screen with the same rule.
"""

from __future__ import annotations

from wagtailmedia.models import get_media_model
from wagtailmedia.views import media as media_views

from django.shortcuts import get_object_or_404

from wagtail.admin.auth import permission_denied
from wagtail.permissions import policy_registry

VISIBLE_ACTIONS = ("change", "delete")


def media_visible_to(*, user, media) -> bool:
    """May ``user`` see (and so choose, attach or inspect the usage of) ``media``?"""
    policy = policy_registry.get_by_type(get_media_model())
    return policy.user_has_any_permission_for_instance(user, list(VISIBLE_ACTIONS), media)


def media_usage(request, media_id: int):
    """wagtailmedia's usage screen, for media the user may see; anyone else is turned away
    before the title or the pages using it are read."""
    media = get_object_or_404(get_media_model(), pk=media_id)
    if not media_visible_to(user=request.user, media=media):
        return permission_denied(request)
    return media_views.usage(request, media_id)
