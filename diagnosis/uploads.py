"""Checks of what a teacher uploads for a diagnosis, before anything is written: the lesson
recording goes through the same checks as every teacher video (``training``: size while it
streams in, content by its bytes, real duration by ffprobe; a whole lesson has no duration
cap, the upload size cap applies), the 教学设计 through the library's document checks
(size, Word or PDF by content)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.uploadedfile import UploadedFile

from training.forms import probe_here
from training.services import (
    UploadRejected,
    document_check_upload,
    media_check_upload,
    media_limit_seconds,
)

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
        document_check_upload(
            uploaded=upload, kinds=DESIGN_KINDS, kinds_text="Word 或 PDF 文件", label=f"教学设计“{upload.name}”"
        )
    except UploadRejected as error:
        raise DiagnosisError(str(error)) from error
