"""Serving public media files in development (开发环境的媒体文件).

Only image renditions, original images and video poster frames are served straight from
``MEDIA_ROOT`` (their names are unguessable and they are what pages show); documents and
videos always go through their own views so that download rules apply. The folder is checked
*after* the path is normalised: ``images/%2e%2e/documents/x`` names a document, not an image.
In production the web server serves the same folders (see README).
"""

from __future__ import annotations

import posixpath

from django.conf import settings
from django.http import Http404
from django.views.static import serve

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


def serve_public_media(request, path: str):
    safe = public_media_path(path)
    if safe is None:
        raise Http404("文件不存在。")
    return serve(request, safe, document_root=settings.MEDIA_ROOT)
