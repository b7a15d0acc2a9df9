"""Serving image files from ``MEDIA_ROOT`` (``make run``, and production when the web server
leaves ``/media/`` to Django: ``SERVE_MEDIA_FROM_DISK``).

Only image renditions, original images and video poster frames are served from here;
documents and videos always go through their own views so that download rules apply. The
folder is checked *after* the path is normalised: ``images/%2e%2e/documents/x`` names a
document, not an image. A file's name is guessable (``original_images/<upload name>``), so
the image it belongs to must be one the visitor may see: the model's permission policy
decides (``may_view_file``: a draft's cover only for its uploader and the reviewers in scope,
public covers for everyone). A file no image or video knows is not served.
"""

from __future__ import annotations

import posixpath

from django.conf import settings
from django.http import Http404
from django.views.static import serve

from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

PUBLIC_MEDIA_FOLDERS = ("images", "original_images", "media_thumbnails")


def public_media_path(path: str) -> str | None:
    """The normalised path if it lies inside one of the public folders, else None."""
    if "\\" in path or "\x00" in path:
        return None
    normalised = posixpath.normpath(path).lstrip("/")
    if normalised.startswith("..") or "/" not in normalised:
        return None
    folder = normalised.split("/", 1)[0]
    return normalised if folder in PUBLIC_MEDIA_FOLDERS else None


def _owner_of_file(path: str):
    """The image (or video, for a poster frame) a public-folder file belongs to, or None."""
    folder = path.split("/", 1)[0]
    image_model = get_image_model()
    if folder == "original_images":
        return image_model.objects.filter(file=path).first()
    if folder == "images":
        rendition = image_model.get_rendition_model().objects.select_related("image").filter(file=path).first()
        return rendition.image if rendition else None
    from wagtailmedia.models import get_media_model

    return get_media_model().objects.filter(thumbnail=path).first()


def may_view_file(user, instance) -> bool:
    policy = policy_registry.get_by_type(type(instance))
    check = getattr(policy, "may_view_file", None)
    return True if check is None else check(user, instance)


def stream_video(request, media_id: int):
    """A work's video (``/media-file/<id>/``), with HTTP Range, to those who may see it (the
    media policy, which applies the recording's consent, ``home.consent``); inline, and as an
    attachment on ``?download=1`` only when the recording allows downloads."""
    from wagtailmedia.models import get_media_model

    from .consent import watched_stream

    media = get_media_model().objects.filter(pk=media_id).first()
    if media is None or not media.file or not may_view_file(request.user, media):
        raise Http404("视频不存在或尚未公开。")
    return watched_stream(request, media)


def serve_public_media(request, path: str):
    safe = public_media_path(path)
    owner = _owner_of_file(safe) if safe is not None else None
    if owner is None or not may_view_file(request.user, owner):
        raise Http404("文件不存在。")
    return serve(request, safe, document_root=settings.MEDIA_ROOT)
