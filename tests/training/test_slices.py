"""Lesson slices (课堂切片) diagnosed by the course's trainers, published through a page revision."""

import pytest

from django.test import Client

from training import services
from training.models import LessonRecordingPage

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    trainer = f.teacher("county_yuelu", role="county_trainer")
    other = f.teacher("county_furong", role="county_trainer")
    course = f.course(trainers=[trainer])
    recording = f.recording(f.module(course), slices=())
    recording.save_revision().publish()
    return trainer, other, course, LessonRecordingPage.objects.get(pk=recording.pk)


def test_trainer_adds_a_slice_that_appears_on_the_page_and_survives_the_next_publish(w):
    trainer, _, _, recording = w
    client = Client()
    client.force_login(trainer)
    url = f"/admin/training/recording/{recording.pk}/slices/"
    response = client.post(
        url,
        {
            "title": "追问环节",
            "start_seconds": "65",
            "end_seconds": "90",
            "diagnosis": "追问层层深入，但等待时间不足。",
        },
        follow=True,
    )
    assert "切片诊断已发布" in response.content.decode()
    page = Client().get(recording.url).content.decode()
    assert "01:05–01:30" in page and "追问层层深入" in page and "county_yuelu" in page
    # An editor publishing the page again keeps the trainer's slice (it is in the revision).
    recording = LessonRecordingPage.objects.get(pk=recording.pk)
    recording.get_latest_revision_as_object().save_revision().publish()
    assert LessonRecordingPage.objects.get(pk=recording.pk).slices.filter(title="追问环节").exists()


def test_slices_are_checked_and_only_for_the_courses_trainers(w):
    trainer, other, _, recording = w
    with pytest.raises(services.TrainingError, match="结束时间必须晚于开始时间"):
        services.slice_add(
            recording=recording, trainer=trainer, title="x", start_seconds=30, end_seconds=10, diagnosis="y"
        )
    with pytest.raises(services.TrainingError, match="超出了录像时长"):
        services.slice_add(
            recording=recording, trainer=trainer, title="x", start_seconds=0, end_seconds=4000, diagnosis="y"
        )
    with pytest.raises(services.TrainingError, match="只有本课程的培训者"):
        services.slice_add(
            recording=recording, trainer=other, title="x", start_seconds=0, end_seconds=10, diagnosis="y"
        )
    client = Client()
    client.force_login(other)
    assert client.get(f"/admin/training/recording/{recording.pk}/slices/").status_code == 404
    assert not recording.slices.exists()


def test_a_page_with_unpublished_edits_is_not_published_by_a_slice(w):
    trainer, _, _, recording = w
    recording.title = "编辑中的新标题"
    recording.save_revision()
    recording = LessonRecordingPage.objects.get(pk=recording.pk)
    with pytest.raises(services.TrainingError, match="尚未发布的修改"):
        services.slice_add(
            recording=recording, trainer=trainer, title="x", start_seconds=0, end_seconds=10, diagnosis="诊断"
        )
