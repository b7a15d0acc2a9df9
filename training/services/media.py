"""Video and upload checks (视频与附件检测): size while streaming, content by its bytes, the real
duration measured with ffprobe, poster frames, and the micro-lecture length limit.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess  # noqa: S404 - ffprobe is run with a fixed argument list, never a shell
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import filetype
from wagtailmedia.models import get_media_model

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile

from home.models import Stage

from ..models import TrainingSettings, format_duration
from ..uploads import OversizedUpload
from .errors import UploadRejected

PROBE_TIMEOUT_SECONDS = 60
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class VideoProbe:
    duration: float
    width: int | None
    height: int | None
    has_video: bool
    has_audio: bool
    format_name: str

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def upload_check_size(*, uploaded: UploadedFile) -> None:
    if isinstance(uploaded, OversizedUpload):
        raise UploadRejected(f"文件超过大小上限 {_megabytes(uploaded.limit_bytes)}，已拒绝接收。")
    if not uploaded.size:
        raise UploadRejected("上传的文件是空的。")


def upload_sniff(*, uploaded: UploadedFile):
    """The file type read from the file's first bytes (filetype), never from its name."""
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(0)
    return filetype.guess(head)


@contextlib.contextmanager
def _local_path(uploaded):
    """A path on this machine holding the file: an upload's temporary file, a stored file's
    own path on local storage, else a temporary copy (small uploads live only in memory;
    remote storage has no path)."""
    if hasattr(uploaded, "temporary_file_path"):
        yield uploaded.temporary_file_path()
        return
    try:
        path = uploaded.path  # a FieldFile on local storage
    except (AttributeError, NotImplementedError):
        path = None
    if path:
        yield path
        return
    with tempfile.NamedTemporaryFile(prefix="rtpt-probe-", suffix=".bin") as tmp:
        uploaded.seek(0)
        for chunk in uploaded.chunks():
            tmp.write(chunk)
        tmp.flush()
        uploaded.seek(0)
        yield tmp.name


def video_probe(*, path: str) -> VideoProbe:
    """Read a media file's real duration and streams with ffprobe (Debian's ffmpeg package)."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        raise UploadRejected(
            "服务器未安装 ffprobe（ffmpeg），无法检测视频时长，上传已拒绝。请联系管理员安装 ffmpeg 后重试。"
        )
    command = [
        ffprobe,
        "-v",
        "error",
        "-print_format",
        "json",
        "-show_entries",
        "format=duration,format_name:stream=codec_type,width,height:stream_disposition=attached_pic",
        path,
    ]
    try:
        completed = subprocess.run(command, capture_output=True, timeout=PROBE_TIMEOUT_SECONDS, check=False)  # noqa: S603
    except subprocess.TimeoutExpired as exc:
        raise UploadRejected("检测视频超时，文件可能已损坏，上传已拒绝。") from exc
    if completed.returncode != 0:
        raise UploadRejected("无法读取该文件：文件已损坏或不是可识别的音视频格式。")
    try:
        data = json.loads(completed.stdout or b"{}")
        duration = float(data.get("format", {}).get("duration") or 0)
    except (ValueError, TypeError) as exc:
        raise UploadRejected("无法读取该文件的时长：文件可能已损坏。") from exc
    streams = data.get("streams", [])
    video = [s for s in streams if s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")]
    if duration <= 0:
        raise UploadRejected("无法读取该文件的时长：文件可能已损坏。")
    return VideoProbe(
        duration=duration,
        width=video[0].get("width") if video else None,
        height=video[0].get("height") if video else None,
        has_video=bool(video),
        has_audio=any(s.get("codec_type") == "audio" for s in streams),
        format_name=data.get("format", {}).get("format_name", ""),
    )


THUMBNAIL_WIDTH = 640


def media_thumbnail_generate(*, media_id: int) -> bool:
    """A still frame (at 1 s, or the middle of shorter clips) saved as the video's thumbnail,
    shown as the player's poster until playback starts. Skipped for audio, for media that
    already have a thumbnail (an uploaded one wins) and where ffmpeg is missing or fails:
    a poster is a nicety, never a reason to fail the upload. Returns whether one was made."""
    media = get_media_model().objects.filter(pk=media_id, type="video").first()
    ffmpeg = shutil.which("ffmpeg")
    if media is None or media.thumbnail or not media.file or ffmpeg is None:
        return False
    at = min(1.0, float(media.duration or 0) / 2)
    with tempfile.TemporaryDirectory(prefix="rtpt-thumb-") as workdir, _local_path(media.file) as source:
        target = f"{workdir}/poster.jpg"
        command = [
            ffmpeg,
            "-loglevel",
            "error",
            "-y",
            "-ss",
            f"{at:.2f}",
            "-i",
            source,
            "-frames:v",
            "1",
            "-vf",
            f"scale='min({THUMBNAIL_WIDTH},iw)':-2",
            "-q:v",
            "4",
            target,
        ]
        try:
            completed = subprocess.run(command, capture_output=True, timeout=PROBE_TIMEOUT_SECONDS, check=False)  # noqa: S603
        except subprocess.TimeoutExpired:
            return False
        if completed.returncode != 0 or not os.path.exists(target) or os.path.getsize(target) == 0:
            return False
        with open(target, "rb") as handle:
            # An unguessable name: the frame of a members-only video must not be found by id.
            media.thumbnail.save(f"poster-{uuid.uuid4().hex}.jpg", ContentFile(handle.read()), save=False)
    type(media).objects.filter(pk=media.pk).update(thumbnail=media.thumbnail.name)
    return True


def media_check_upload(
    *, uploaded: UploadedFile, media_type: str, limit_seconds: int | None, probe: Callable[[str], VideoProbe]
) -> VideoProbe:
    """Check an audio/video upload before anything is saved: size, content, real duration, limit.

    ``probe`` measures the file at a local path. The upload form passes the Celery task
    ``video_probe_upload`` applied synchronously (``forms.probe_here``): the upload exists only
    as a temporary file on this web host, and the form must answer before the media record is
    written.
    """
    upload_check_size(uploaded=uploaded)
    kind = upload_sniff(uploaded=uploaded)
    expected = "video/" if media_type == "video" else "audio/"
    if kind is None or not (kind.mime.startswith(expected) or (media_type == "audio" and kind.mime == "video/mp4")):
        label = "视频" if media_type == "video" else "音频"
        raise UploadRejected(f"文件内容不是{label}（按文件内容检测，与扩展名无关），已拒绝。")
    with _local_path(uploaded) as path:
        measured = probe(path)
    if media_type == "video" and not measured.has_video:
        raise UploadRejected("文件中没有视频画面，已拒绝。")
    if limit_seconds is not None and measured.duration > limit_seconds:
        raise UploadRejected(
            f"视频时长为 {format_duration(measured.duration)}，超过微课上限 {limit_seconds // 60} 分钟，已拒绝。"
            "请剪辑为不超过上限的片段后再上传。"
        )
    return measured


def document_check_upload(*, uploaded: UploadedFile, kinds: set[str], kinds_text: str, label: str) -> None:
    """A document a teacher uploads to the portal (a work's attachment, a diagnosis's 教学设计):
    size while it streamed in, the documents' size cap, and its type by content among ``kinds``.
    The ``UploadRejected`` message starts with ``label`` (e.g. 附件“教案.docx”)."""
    try:
        upload_check_size(uploaded=uploaded)
    except UploadRejected as error:
        raise UploadRejected(f"{label}：{error}") from error
    limit = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    if uploaded.size > limit:
        raise UploadRejected(f"{label}超过 {limit // 1024 // 1024} MB，已拒绝。")
    kind = upload_sniff(uploaded=uploaded)
    if kind is None or kind.extension not in kinds:
        raise UploadRejected(f"{label}不是 {kinds_text}（按文件内容检测），已拒绝。")


def document_store(*, upload: UploadedFile, user):
    """The document record of a checked upload, titled by its file name."""
    from wagtail.documents import get_document_model

    document = get_document_model()(title=upload.name.rsplit(".", 1)[0][:255], file=upload, uploaded_by_user=user)
    document._set_document_file_metadata()
    document.save()
    return document


def media_store(*, video: UploadedFile, measured, user, title: str = ""):
    """The media record of a checked video upload (``measured`` is ffprobe's measure), titled
    ``title`` or, without one, by its file name as ``document_store`` does."""
    media = get_media_model()(
        title=(title or video.name.rsplit(".", 1)[0])[:255],
        file=video,
        type="video",
        duration=measured.duration,
        width=measured.width,
        height=measured.height,
        uploaded_by_user=user,
    )
    media.save()
    return media


SUBMISSION_KINDS = {"pdf", "doc", "docx", "ppt", "pptx", "xls", "xlsx", "odt", "odp", "jpg", "png", "zip", "mp4"}


def submission_check_file(*, uploaded: UploadedFile) -> str:
    """Check an assignment attachment by content; returns the detected extension."""
    upload_check_size(uploaded=uploaded)
    kind = upload_sniff(uploaded=uploaded)
    if kind is None or kind.extension not in SUBMISSION_KINDS:
        raise UploadRejected(
            "附件类型不受支持（按文件内容检测）。请上传 PDF、Word、PPT、Excel、图片、ZIP 或 MP4 文件。"
        )
    return kind.extension


def media_limit_seconds(*, purpose: str, stage: Stage | None) -> int | None:
    """Micro-lectures have the per-stage limit; lesson recordings (a whole lesson) none."""
    if purpose != "micro_lecture":
        return None
    return TrainingSettings.current().video_limit_seconds(stage=stage)
