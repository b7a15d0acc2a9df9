"""Crafted request values (a Unicode digit, a 30-digit number, a negative number) on every
training endpoint: a 4xx or a Chinese message, never a 500, and nothing written."""

import pytest

from django.test import Client

from training import services
from training.models import (
    Enrolment,
    ItemProgress,
    LessonRecordingPage,
    LessonSlice,
    PeerReview,
    QuizAttempt,
    Submission,
)

from . import factories as f

pytestmark = pytest.mark.django_db

CRAFTED = ["²", "1" * 30, "-1"]


@pytest.fixture
def w():
    trainer = f.teacher("county_yuelu", role="county_trainer")
    course = f.course(trainers=[trainer])
    module = f.module(course)
    lecture = f.lecture(module)
    recording = f.recording(module, slices=())
    recording.save_revision().publish()
    open_assignment = f.assignment(module, deadline_in_days=3)
    reviewed = f.assignment(module, peers=1, deadline_in_days=-1)
    teacher, peer = f.teacher("teacher001"), f.teacher("teacher002")
    for person in (teacher, peer):
        services.course_enrol(course=course, teacher=person)
        services.submission_submit(assignment=reviewed, teacher=person, text="单元设计", uploaded=None)
    services.assignment_allocate(assignment=reviewed)
    return {
        "trainer": trainer,
        "course": course,
        "module": module,
        "lecture": lecture,
        "recording": LessonRecordingPage.objects.get(pk=recording.pk),
        "open_assignment": open_assignment,
        "teacher": teacher,
        "review": PeerReview.objects.get(reviewer=teacher),
        "submission": Submission.objects.get(teacher=teacher),
    }


def written():
    """Everything a training endpoint may write, to compare before and after."""
    return (
        Enrolment.objects.count(),
        ItemProgress.objects.count(),
        QuizAttempt.objects.count(),
        list(Submission.objects.values_list("pk", "text", "override_score")),
        list(PeerReview.objects.values_list("pk", "status", "total")),
        LessonSlice.objects.count(),
    )


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def check(response, before) -> None:
    assert response.status_code < 500
    assert written() == before


@pytest.mark.parametrize("value", CRAFTED)
@pytest.mark.parametrize(
    "url",
    [
        "/training/courses/{v}/enrol/",
        "/training/items/{v}/beat/",
        "/training/lectures/{v}/quiz/",
        "/training/modules/{v}/assignments/1/submit/",
        "/training/modules/{module}/assignments/{v}/submit/",
        "/training/modules/{v}/reviews/1/",
        "/training/modules/{module}/reviews/{v}/",
    ],
)
def test_post_actions_with_a_crafted_id(w, url, value):
    before = written()
    response = login(w["teacher"]).post(url.format(v=value, module=w["module"].pk), {"text": "作业"})
    check(response, before)
    assert response.status_code == 404


@pytest.mark.parametrize("value", CRAFTED)
def test_quiz_with_a_crafted_answer(w, value):
    lecture = w["lecture"]
    before = written()
    answers = {f"q-{block.id}": value for block in lecture.quiz}
    response = login(w["teacher"]).post(f"/training/lectures/{lecture.pk}/quiz/", answers, follow=True)
    check(response, before)
    assert "测评答案无效" in response.content.decode()


@pytest.mark.parametrize("value", CRAFTED)
def test_peer_review_with_a_crafted_score(w, value):
    review = w["review"]
    before = written()
    scores = {f"score-{block.id}": value for block in review.submission.assignment.rubric}
    response = login(w["teacher"]).post(
        f"/training/modules/{w['module'].pk}/reviews/{review.pk}/", {**scores, "comment": "目标清楚，活动合理。"}
    )
    check(response, before)
    assert "请填写 0 到 10 之间的整数" in response.content.decode()


@pytest.mark.parametrize("value", CRAFTED)
@pytest.mark.parametrize("route", ["reviews/{v}/", "submissions/{v}/file/"])
def test_page_routes_with_a_crafted_id(w, route, value):
    before = written()
    response = login(w["teacher"]).get(w["module"].url + route.format(v=value))
    check(response, before)
    assert response.status_code == 404


@pytest.mark.parametrize("value", CRAFTED)
def test_lecture_with_a_crafted_attempt(w, value):
    before = written()
    response = login(w["teacher"]).get(w["lecture"].url, {"attempt": value})
    check(response, before)
    assert response.status_code == 200 and "本次得分" not in response.content.decode()


@pytest.mark.parametrize("value", CRAFTED)
@pytest.mark.parametrize(
    "url",
    [
        "/admin/training/course/{v}/",
        "/admin/training/assignment/{v}/",
        "/admin/training/recording/{v}/slices/",
        "/admin/training/submission/{v}/",
    ],
)
def test_admin_screens_with_a_crafted_id(w, url, value):
    before = written()
    client = login(w["trainer"])
    check(client.get(url.format(v=value)), before)
    response = client.post(url.format(v=value), {"action": "reallocate", "score": "1", "comment": "改判"})
    check(response, before)
    assert response.status_code == 404


@pytest.mark.parametrize("value", CRAFTED)
@pytest.mark.parametrize("field", ["start_seconds", "end_seconds"])
def test_slice_with_a_crafted_time(w, field, value):
    before = written()
    data = {"title": "追问", "start_seconds": "5", "end_seconds": "20", "diagnosis": "等待时间不足。", field: value}
    response = login(w["trainer"]).post(f"/admin/training/recording/{w['recording'].pk}/slices/", data)
    check(response, before)
    html = response.content.decode()
    assert "时间请填写秒数" in html or "结束时间必须晚于开始时间" in html


@pytest.mark.parametrize("value", CRAFTED)
def test_override_with_a_crafted_score(w, value):
    before = written()
    response = login(w["trainer"]).post(
        f"/admin/training/submission/{w['submission'].pk}/", {"score": value, "comment": "改判"}
    )
    check(response, before)
    html = response.content.decode()
    assert "请填写数字得分" in html or "得分应在 0 到 20 之间" in html
