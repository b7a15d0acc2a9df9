"""Upload size limits enforced while the request body streams in.

``SizeLimitUploadHandler`` sits first in ``FILE_UPLOAD_HANDLERS``. For the upload URLs
listed in ``upload_limit_for`` (and the portal views marked with ``video_upload_view``) it counts a file's bytes as they arrive; past the limit it
stops handing chunks to the memory/temporary-file handlers (so the rest is never buffered)
and returns an ``OversizedUpload`` placeholder that the form turns into a Chinese message.
A request whose Content-Length is already over the limit buffers nothing at all.
"""

from __future__ import annotations

import io
import re

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.urls import Resolver404, resolve, reverse

from .models import TrainingSettings

# Slack for the multipart boundaries and the other form fields of one request.
ENVELOPE_BYTES = 1024 * 1024

# wagtailmedia's add, edit and chooser-upload views, below its admin index URL.
MEDIA_UPLOAD_VIEWS = re.compile(r"^((audio|video|media)/add/|edit/\d+/|(audio|video)/chooser/upload/)$")
SUBMISSION_UPLOAD_VIEW = "training:assignment_submit"


def video_upload_view(view):
    """Mark a portal view whose form carries a video: its files get the video size limit
    while they stream in, like wagtailmedia's upload views."""
    view.video_upload = True
    return view


def _resolved(request):
    try:
        return resolve(request.path_info)
    except Resolver404:
        return None


def upload_limit_for(request) -> int | None:
    """Byte limit for the files of this request, or None where other checks apply."""
    if request is None or request.method != "POST":
        return None
    media_root = reverse("wagtailmedia:index")
    if request.path.startswith(media_root) and MEDIA_UPLOAD_VIEWS.match(request.path[len(media_root) :]):
        return TrainingSettings.current().max_video_upload_mb * 1024 * 1024
    match = _resolved(request)
    if match is not None and getattr(match.func, "video_upload", False):
        return TrainingSettings.current().max_video_upload_mb * 1024 * 1024
    if match is not None and match.view_name == SUBMISSION_UPLOAD_VIEW:
        return TrainingSettings.current().max_submission_file_mb * 1024 * 1024
    return None


class OversizedUpload(UploadedFile):
    """What a form receives instead of a file that went over its limit (with nothing kept)."""

    def __init__(self, *, name: str, received: int, limit: int, content_type: str = "application/octet-stream"):
        super().__init__(file=io.BytesIO(b""), name=name, content_type=content_type, size=received)
        self.limit_bytes = limit


class SizeLimitUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.limit = None
        self.whole_request_over = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.limit = upload_limit_for(self.request)
        if self.limit is not None and content_length and content_length > self.limit + ENVELOPE_BYTES:
            self.whole_request_over = True
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.over = self.whole_request_over

    def receive_data_chunk(self, raw_data, start):
        if self.limit is None:
            return raw_data
        self.received += len(raw_data)
        if self.received > self.limit:
            self.over = True
        # None stops the chunk here: later handlers never see (or store) the rest.
        return None if self.over else raw_data

    def file_complete(self, file_size):
        if self.limit is not None and self.over:
            return OversizedUpload(
                name=self.file_name,
                received=max(self.received, file_size),
                limit=self.limit,
                content_type=self.content_type,
            )
        return None
