"""Watch time comes from the player's beats against the server's clock, not from a bare POST."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest

from django.utils import timezone

from training import services
from training.models import Enrolment, ItemProgress

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(client):
    """A course of one required module (1 学时) with one 120-second micro-lecture, no quiz."""
    teacher = f.teacher("watcher01")
    course = f.course()
    lecture = f.lecture(f.module(course, online="1", offline="0"), quiz=[], duration=120)
    client.force_login(teacher)
    client.post(f"/training/courses/{course.pk}/enrol/")
    return teacher, course, lecture


def test_a_bare_watched_post_marks_nothing(client, world):
    teacher, course, lecture = world
    response = client.post(f"/training/items/{lecture.pk}/watched/", HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 410
    assert "按实际观看时长" in response.content.decode()
    assert not ItemProgress.objects.filter(watched_at__isnull=False).exists()
    assert Enrolment.objects.get(teacher=teacher).completed_at is None
    assert "已观看" not in client.get(lecture.url).content.decode()


def test_seeking_from_start_to_end_earns_nothing(world):
    teacher, course, lecture = world
    start = timezone.now()
    first = services.watch_beat(user=teacher, page=lecture, position=0, at=start)
    jump = services.watch_beat(user=teacher, page=lecture, position=120, at=start + timedelta(seconds=15))
    end = services.watch_beat(user=teacher, page=lecture, position=120, at=start + timedelta(seconds=30))
    assert (first.credited, jump.credited, end.credited) == (0, 0, 0)
    progress = ItemProgress.objects.get(page_id=lecture.pk)
    assert progress.watched_seconds == 0 and progress.watched_at is None
    assert Enrolment.objects.get(teacher=teacher).completed_at is None


def test_beats_faster_than_the_clock_earn_only_the_elapsed_time(world):
    teacher, course, lecture = world
    start = timezone.now()
    # A script claiming 15 s of video every second: at most 1 s a beat is real.
    for i in range(9):
        services.watch_beat(user=teacher, page=lecture, position=15 * i, at=start + timedelta(seconds=i))
    progress = ItemProgress.objects.get(page_id=lecture.pk)
    assert progress.watched_at is None and progress.watched_seconds <= 8


def test_rewatching_the_same_minute_counts_once(world):
    teacher, course, lecture = world
    at = timezone.now()
    for _ in range(3):
        for position in range(0, 61, 15):
            services.watch_beat(user=teacher, page=lecture, position=position, at=at)
            at += timedelta(seconds=15)
        services.watch_beat(user=teacher, page=lecture, position=0, at=at)  # back to the start
    progress = ItemProgress.objects.get(page_id=lecture.pk)
    assert progress.watched_seconds == 60 and progress.watched_at is None


def test_steady_beats_across_the_video_mark_it_watched_and_complete_the_course(world):
    teacher, course, lecture = world
    result = f.watch(teacher, lecture)
    assert result.watched
    progress = ItemProgress.objects.get(page_id=lecture.pk)
    assert progress.watched_seconds == 120 and progress.segments == [[0.0, 120.0]]
    enrolment = Enrolment.objects.get(teacher=teacher)
    assert enrolment.completed_at is not None and enrolment.hours_recorded == Decimal("1")


def test_the_beat_endpoint_uses_the_servers_clock_and_announces_completion(client, world):
    teacher, course, lecture = world
    url = f"/training/items/{lecture.pk}/beat/"
    start = timezone.now()
    for position in range(0, 121, 15):
        with mock.patch("django.utils.timezone.now", return_value=start + timedelta(seconds=position)):
            # A timestamp sent by the client is ignored.
            response = client.post(url, {"t": position, "at": "2000-01-01T00:00:00Z"}, HTTP_X_REQUESTED_WITH="fetch")
        assert response.status_code == 200
    assert response.json()["watched"] is True and response.json()["reload"] is True
    assert Enrolment.objects.get(teacher=teacher).completed_at is not None
    assert "恭喜！你已完成课程" in client.get(lecture.url).content.decode()


def test_the_beat_endpoint_answers_bad_positions_and_strangers_in_chinese(client, world):
    teacher, course, lecture = world
    url = f"/training/items/{lecture.pk}/beat/"
    for value in ("nan", "-5", "inf", "", "abc"):
        response = client.post(url, {"t": value})
        assert response.status_code == 400 and "播放进度无效" in response.json()["error"]
    client.force_login(f.teacher("stranger01"))
    response = client.post(url, {"t": "10"})
    assert response.status_code == 400 and "请先加入本课程" in response.json()["error"]
    assert ItemProgress.objects.count() == 0


def test_a_video_without_a_measured_duration_is_never_watched_and_editors_are_warned(world):
    teacher, course, lecture = world
    lecture.video.duration = 0
    lecture.video.save()
    at = timezone.now()
    for position in range(0, 301, 15):
        services.watch_beat(user=teacher, page=lecture, position=position, at=at + timedelta(seconds=position))
    assert ItemProgress.objects.get(page_id=lecture.pk).watched_at is None
    assert any("没有时长信息" in warning for warning in course.rule_warnings())
