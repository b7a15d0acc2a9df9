"""Video uploads: real duration from ffprobe, refused over the limit with the measured length,
checked by content not extension, size limit while streaming, nothing half-saved."""

import io
import re

import pytest
from wagtailmedia.models import get_media_model

from django.core.files.uploadedfile import SimpleUploadedFile

from training import services
from training.models import StageVideoLimit, TrainingSettings
from training.uploads import OversizedUpload, SizeLimitUploadHandler

from . import factories as f

pytestmark = pytest.mark.django_db
ADD_VIDEO = "/admin/media/video/add/"


@pytest.fixture
def editor(client):
    user = f.teacher("editor_hunan", role="editor")
    client.force_login(user)
    return user


def post_video(client, path_or_upload, **extra):
    upload = path_or_upload
    if not isinstance(upload, SimpleUploadedFile):
        upload = SimpleUploadedFile(path_or_upload.name, path_or_upload.read_bytes(), content_type="video/mp4")
    data = {"title": "微课：勾股定理", "file": upload, "collection": 1, "duration": "1", "tags": "", **extra}
    return client.post(ADD_VIDEO, data)


def limit_minutes(minutes: int) -> TrainingSettings:
    settings = TrainingSettings.current()
    settings.max_video_minutes = minutes
    settings.save()
    return settings


@pytest.mark.requires_service("ffmpeg")
def test_editor_upload_stores_the_measured_duration_not_the_form_value(client, editor, tmp_path):
    video = f.make_video(tmp_path / "short.mp4", seconds=2)
    response = post_video(client, video, duration="999")
    assert response.status_code == 302, response.content.decode()[:2000]
    media = get_media_model().objects.get()
    assert media.duration == pytest.approx(2.0, abs=0.2)
    assert (media.width, media.height) == (160, 90)


@pytest.mark.requires_service("ffmpeg")
def test_video_over_the_lowered_limit_is_refused_with_its_measured_length(client, editor, tmp_path):
    limit_minutes(1)
    video = f.make_video(tmp_path / "long.mp4", seconds=65)
    response = post_video(client, video)
    assert response.status_code == 200
    assert "视频时长为 1 分 05 秒，超过微课上限 1 分钟" in response.content.decode()
    assert "文件扩展" not in response.content.decode()  # only the real reason, no spurious extension error
    assert not get_media_model().objects.exists()  # nothing half-saved


@pytest.mark.requires_service("ffmpeg")
def test_stage_limit_from_site_settings_and_recordings_are_not_limited(client, editor, tmp_path):
    settings = limit_minutes(15)
    kindergarten = f.stage("幼儿园")
    StageVideoLimit.objects.create(settings=settings, stage=kindergarten, max_minutes=1)
    video = f.make_video(tmp_path / "lesson.mp4", seconds=65)
    refused = post_video(client, video, purpose="micro_lecture", stage=kindergarten.pk)
    assert "超过微课上限 1 分钟" in refused.content.decode()
    assert post_video(client, video, purpose="micro_lecture").status_code == 302  # default 15 minutes
    assert post_video(client, video, purpose="recording", stage=kindergarten.pk).status_code == 302
    assert get_media_model().objects.count() == 2


@pytest.mark.requires_service("ffmpeg")
def test_corrupt_video_is_refused(client, editor, tmp_path):
    video = f.make_video(tmp_path / "cut.mp4", seconds=2)
    broken = SimpleUploadedFile("cut.mp4", video.read_bytes()[:3000], content_type="video/mp4")
    response = post_video(client, broken)
    assert "文件已损坏" in response.content.decode() or "无法读取" in response.content.decode()
    assert not get_media_model().objects.exists()


def test_non_video_named_mp4_is_refused_by_content(client, editor):
    fake = SimpleUploadedFile("lecture.mp4", b"%PDF-1.4 not a video at all\n" * 50, content_type="video/mp4")
    response = post_video(client, fake)
    assert "文件内容不是视频" in response.content.decode()
    assert not get_media_model().objects.exists()


def test_missing_ffprobe_refuses_instead_of_accepting_unchecked(client, editor, monkeypatch):
    monkeypatch.setattr(services.media.shutil, "which", lambda name: None)
    mp4 = (f.Path(__file__).resolve().parents[2] / "training/demo_media/intro.mp4").read_bytes()
    response = post_video(client, SimpleUploadedFile("intro.mp4", mp4, content_type="video/mp4"))
    assert "未安装 ffprobe" in response.content.decode()
    assert not get_media_model().objects.exists()


def test_oversized_video_is_refused_while_streaming(client, editor):
    settings = TrainingSettings.current()
    settings.max_video_upload_mb = 1
    settings.save()
    big = SimpleUploadedFile(
        "big.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * (3 * 1024 * 1024), content_type="video/mp4"
    )
    response = post_video(client, big)
    assert "文件超过大小上限 1 MB" in response.content.decode()
    assert not get_media_model().objects.exists()


def test_size_limit_handler_stops_passing_chunks_past_the_limit(rf):
    request = rf.post(ADD_VIDEO)
    TrainingSettings.current()  # settings row for the default site
    handler = SizeLimitUploadHandler(request)
    handler.handle_raw_input(io.BytesIO(), request.META, 10, "x")
    handler.limit = 100
    handler.new_file("file", "a.mp4", "video/mp4", 0)
    assert handler.receive_data_chunk(b"x" * 60, 0) == b"x" * 60
    assert handler.receive_data_chunk(b"x" * 60, 60) is None  # never reaches the temp-file handler
    assert handler.receive_data_chunk(b"x" * 60, 120) is None
    result = handler.file_complete(180)
    assert isinstance(result, OversizedUpload)
    assert result.limit_bytes == 100 and result.size == 180


def test_whole_request_over_the_limit_buffers_nothing(rf):
    TrainingSettings.objects.all().delete()
    settings = TrainingSettings.current()
    settings.max_video_upload_mb = 1
    settings.save()
    request = rf.post(ADD_VIDEO)
    handler = SizeLimitUploadHandler(request)
    handler.handle_raw_input(io.BytesIO(), request.META, 50 * 1024 * 1024, "x")
    handler.new_file("file", "a.mp4", "video/mp4", 0)
    assert handler.receive_data_chunk(b"x" * 10, 0) is None
    assert isinstance(handler.file_complete(10), OversizedUpload)


def test_other_uploads_are_not_limited_by_this_handler(rf):
    handler = SizeLimitUploadHandler(rf.post("/admin/documents/multiple/add/"))
    handler.handle_raw_input(io.BytesIO(), {}, 10**9, "x")
    handler.new_file("file", "a.pdf", "application/pdf", 0)
    assert handler.receive_data_chunk(b"x" * 10, 0) == b"x" * 10
    assert handler.file_complete(10) is None


def test_micro_lecture_page_refuses_a_video_over_the_limit_or_unprobed():
    module = f.module(f.course())
    with pytest.raises(Exception, match="超过上限 15 分钟"):
        f.lecture(module, duration=16 * 60)
    with pytest.raises(Exception, match="没有经过时长检测"):
        f.lecture(module, duration=0)


def test_editors_may_upload_media_and_change_the_length_limits(client, editor):
    assert client.get(ADD_VIDEO).status_code == 200
    response = client.get("/admin/settings/training/trainingsettings/", follow=True)
    assert response.status_code == 200
    assert "微课时长上限（分钟）" in response.content.decode()


@pytest.mark.requires_service("ffmpeg")
def test_uploaded_video_gets_a_poster_frame_shown_before_playback(
    client, editor, tmp_path, django_capture_on_commit_callbacks
):
    video = f.make_video(tmp_path / "poster.mp4", seconds=3, size="320x180")
    with django_capture_on_commit_callbacks(execute=True):
        assert post_video(client, video).status_code == 302
    media = get_media_model().objects.get()
    assert media.thumbnail.name.startswith("media_thumbnails/poster-") and media.thumbnail.name.endswith(".jpg")
    with media.thumbnail.open("rb") as handle:
        assert handle.read(3) == b"\xff\xd8\xff"  # a JPEG still frame
    assert re.fullmatch(r"poster-[0-9a-f]{32}\.jpg", media.thumbnail.name.rsplit("/", 1)[-1])  # random, not the id
    lecture = f.lecture(f.module(f.course()), video=media)
    html = client.get(lecture.url).content.decode()
    assert f'poster="{media.thumbnail.url}"' in html
    # Uploading a thumbnail of one's own wins: nothing is overwritten on the next save.
    name = media.thumbnail.name
    with django_capture_on_commit_callbacks(execute=True):
        media.save()
    media.refresh_from_db()
    assert media.thumbnail.name == name
