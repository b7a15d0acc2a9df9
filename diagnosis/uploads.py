"""Checks of what a teacher uploads for a diagnosis, before anything is written: the lesson
recording goes through the same checks as every teacher video (``training``: size while it
streams in, content by its bytes, real duration by ffprobe; a whole lesson has no duration
cap, the upload size cap applies), the 教学设计 through the library's document checks
(size, Word or PDF by content)."""

from __future__ import annotations

from collections.abc import Callable

from wagtailmedia.models import get_media_model

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from wagtail.documents import get_document_model

from training.forms import probe_here
from training.services import UploadRejected, media_check_upload, media_limit_seconds, upload_check_size, upload_sniff

DESIGN_KINDS = {"pdf", "doc", "docx"}


class DiagnosisError(ValueError):
    """Refused input or action; the message is shown to the user (Chinese)."""


def check_recording(*, video: UploadedFile, probe: Callable | None = None):
    """The measured recording (duration, size) or DiagnosisError."""
    if video is None:
        raise DiagnosisError("请上传课堂实录视频。")
    limit = media_limit_seconds(purpose="recording", stage=None)
    try:
        return media_check_upload(uploaded=video, media_type="video", limit_seconds=limit, probe=probe or probe_here)
    except UploadRejected as error:
        raise DiagnosisError(f"视频“{video.name}”：{error}") from error


def check_design(*, upload: UploadedFile) -> None:
    if upload is None:
        raise DiagnosisError("请上传教学设计（Word 或 PDF）。")
    try:
        upload_check_size(uploaded=upload)
    except UploadRejected as error:
        raise DiagnosisError(f"教学设计“{upload.name}”：{error}") from error
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    if upload.size > limit:
        raise DiagnosisError(f"教学设计“{upload.name}”超过 {limit // 1024 // 1024} MB，已拒绝。")
    kind = upload_sniff(uploaded=upload)
    if kind is None or kind.extension not in DESIGN_KINDS:
        raise DiagnosisError(f"教学设计“{upload.name}”不是 Word 或 PDF 文件（按文件内容检测），已拒绝。")


def store_recording(*, video: UploadedFile, measured, user):
    media = get_media_model()(
        title=video.name.rsplit(".", 1)[0][:255],
        file=video,
        type="video",
        duration=measured.duration,
        width=measured.width,
        height=measured.height,
        uploaded_by_user=user,
    )
    media.save()
    return media


def store_design(*, upload: UploadedFile, user):
    document = get_document_model()(title=upload.name.rsplit(".", 1)[0][:255], file=upload, uploaded_by_user=user)
    document._set_document_file_metadata()
    document.save()
    return document
