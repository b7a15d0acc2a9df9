"""Teachers upload their own videos (微课视频, 课堂录像); the grant opens nothing else.

A teacher sees their own media and nobody else's in every wagtailmedia screen (listing,
search, edit, delete, chooser, ``chosen/<id>``, usage); a trainer sees their region's. Every
teacher upload still goes through the checked upload form (duration per stage, content, corrupt).
(Titles are space-separated: Wagtail's own admin search on SQLite does not segment Chinese.)
"""

from __future__ import annotations

import pytest
from wagtailmedia.models import get_media_model

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.review.conftest import world as world  # noqa: F401  (the fixture)

from . import factories as f

ADD_VIDEO = "/admin/media/video/add/"


def _video(owner, title):
    item = f.media(title=title)
    item.uploaded_by_user = owner
    item.save()
    return item


def _text(response) -> str:
    if response.status_code in (302, 403, 404):
        return ""
    if response["Content-Type"].startswith("application/json"):
        return response.json().get("html") or str(response.json())
    return response.content.decode()


def _post_video(client, upload, **extra):
    data = {"title": "勾股定理 微课", "file": upload, "collection": 1, "tags": "", **extra}
    return client.post(ADD_VIDEO, data)


def test_teacher_may_upload_a_video_and_it_is_theirs(client, world, tmp_path):
    client.force_login(world.teacher)
    assert client.get("/admin/media/").status_code == 200
    assert client.get(ADD_VIDEO).status_code == 200
    mp4 = (f.Path(__file__).resolve().parents[2] / "training/demo_media/intro.mp4").read_bytes()
    response = _post_video(client, SimpleUploadedFile("intro.mp4", mp4, content_type="video/mp4"))
    assert response.status_code == 302, response.content.decode()[:2000]
    media = get_media_model().objects.get()
    assert media.uploaded_by_user == world.teacher and media.duration > 0
    # …and changes and deletes it.
    assert client.get(f"/admin/media/edit/{media.pk}/").status_code == 200
    assert client.post(f"/admin/media/delete/{media.pk}/").status_code == 302
    assert not get_media_model().objects.exists()


def test_teacher_sees_only_own_media_in_every_media_screen(client, world):
    mine = _video(world.teacher, "勾股定理 我的微课")
    colleague = _video(world.teacher_same_school, "勾股定理 同事的微课")
    other_county = _video(world.county_trainer_other, "勾股定理 芙蓉区课堂录像")
    client.force_login(world.teacher)
    for url in (
        "/admin/media/",
        "/admin/media/?q=勾股定理",
        "/admin/media/chooser/",
        "/admin/media/chooser/?q=勾股定理",
        "/admin/media/chooser/video/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        seen = _text(response)
        assert mine.title in seen, url
        assert colleague.title not in seen and other_county.title not in seen, url
    for other in (colleague, other_county):
        for url in (
            f"/admin/media/edit/{other.pk}/",
            f"/admin/media/delete/{other.pk}/",
            f"/admin/media/chooser/{other.pk}/",
            f"/admin/media/usage/{other.pk}/",
        ):
            response = client.get(url)
            assert response.status_code < 500, url
            assert other.title not in _text(response), url
        client.post(f"/admin/media/delete/{other.pk}/")
        assert get_media_model().objects.filter(pk=other.pk).exists()
    assert mine.title in _text(client.get(f"/admin/media/chooser/{mine.pk}/"))
    assert mine.title in _text(client.get(f"/admin/media/usage/{mine.pk}/"))


@pytest.mark.parametrize("outsider", ["county_trainer_other", "city_editor_other", "teacher"])
def test_usage_of_a_recording_is_shown_only_inside_its_region(client, world, outsider):
    recording = _video(world.county_trainer, "岳麓区课堂录像")
    page = f.lecture(f.module(f.course(title="岳麓区 单元教学研修")), video=recording, title="岳麓区 未公开微课")
    page.unpublish()
    url = f"/admin/media/usage/{recording.pk}/"
    client.force_login(getattr(world, outsider))
    response = client.get(url)
    assert response.status_code in (302, 403, 404)
    assert "岳麓区课堂录像" not in _text(response)
    # The county's own trainer and the city's editor still see it.
    for insider in (world.county_trainer, world.city_editor):
        client.force_login(insider)
        response = client.get(url)
        assert response.status_code == 200
        assert "岳麓区课堂录像" in response.content.decode()


def _limit_minutes(minutes: int):
    from training.models import TrainingSettings

    settings = TrainingSettings.current()
    settings.max_video_minutes = minutes
    settings.save()


@pytest.mark.requires_service("ffmpeg")
def test_teacher_uploads_go_through_the_spec_checks(client, world, tmp_path):
    """The checks are the upload form's, not an editor's privilege: a teacher's upload is
    refused for the same reasons, with the same Chinese errors, and nothing is saved."""
    client.force_login(world.teacher)
    _limit_minutes(1)
    long_video = f.make_video(tmp_path / "long.mp4", seconds=65)
    too_long = _post_video(
        client, SimpleUploadedFile("long.mp4", long_video.read_bytes(), content_type="video/mp4"), stage=""
    )
    assert too_long.status_code == 200
    assert "视频时长为 1 分 05 秒，超过微课上限 1 分钟" in too_long.content.decode()
    not_a_video = _post_video(
        client, SimpleUploadedFile("lecture.mp4", b"%PDF-1.4 not a video\n" * 50, content_type="video/mp4")
    )
    assert "文件内容不是视频" in not_a_video.content.decode()
    short = f.make_video(tmp_path / "cut.mp4", seconds=2)
    corrupt = _post_video(
        client, SimpleUploadedFile("cut.mp4", short.read_bytes()[:3000], content_type="video/mp4")
    ).content.decode()
    assert "文件已损坏" in corrupt or "无法读取" in corrupt
    assert not get_media_model().objects.exists()
    # Through the chooser's upload (the page editor's modal) as well.
    chooser = client.post(
        "/admin/media/video/chooser/upload/",
        {
            "media-chooser-upload-title": "勾股定理 太长的微课",
            "media-chooser-upload-file": SimpleUploadedFile(
                "long.mp4", long_video.read_bytes(), content_type="video/mp4"
            ),
            "media-chooser-upload-collection": 1,
            "media-chooser-upload-tags": "",
        },
    )
    assert "超过微课上限 1 分钟" in _text(chooser)
    assert not get_media_model().objects.exists()


def _post_lecture(client, module, slug, video):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    data = nested_form_data(
        {
            "title": "勾股定理 微课",
            "slug": slug,
            "video": video.pk,
            "summary": "简介",
            "teaching_notes": rich_text("<p>要点</p>"),
            "transcript": "",
            "quiz": streamfield([]),
            "quiz_pass_percent": 60,
        }
    )
    return client.post(f"/admin/pages/add/training/microlecturepage/{module.pk}/", data)


def test_a_video_of_someone_one_does_not_oversee_cannot_be_put_on_a_page(client, world):
    from wagtail.models import GroupPagePermission

    from training.models import MicroLecturePage

    module = f.module(f.course(title="岳麓区 单元教学研修"))
    recording = _video(world.county_trainer, "岳麓区 课堂录像")
    colleague = _video(world.teacher_same_school, "同事的 微课")
    mine = _video(world.teacher, "我的 微课")
    # An editor of another city may edit courses, but not use a Yuelu trainer's recording.
    client.force_login(world.city_editor_other)
    refused = _post_lecture(client, module, "other-city", recording)
    assert refused.status_code == 200
    assert "只能选用您自己上传的视频" in refused.content.decode()
    assert not MicroLecturePage.objects.filter(slug="other-city").exists()
    client.force_login(world.city_editor)
    assert _post_lecture(client, module, "same-city", recording).status_code == 302
    # A teacher allowed to add course items (say, a co-author of the course) uses only their own videos.
    for group in world.teacher.groups.all():
        GroupPagePermission.objects.create(group=group, page=module, permission_type="add")
    client.force_login(world.teacher)
    refused = _post_lecture(client, module, "colleague", colleague)
    assert "只能选用您自己上传的视频：“同事的 微课”不是您上传的。" in refused.content.decode()
    assert not MicroLecturePage.objects.filter(slug="colleague").exists()
    assert _post_lecture(client, module, "mine", mine).status_code == 302
    assert MicroLecturePage.objects.get(slug="mine").video_id == mine.pk
