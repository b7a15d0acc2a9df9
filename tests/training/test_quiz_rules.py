"""The course sets how many attempts a quiz allows and when its answers and explanations show."""

import pytest

from training.models import QuizAttempt

from . import factories as f

pytestmark = pytest.mark.django_db

WRONG = "目标统领一切。"  # explanation of the first question, answered wrong below


@pytest.fixture
def lecture_of(client):
    def build(**course_fields):
        teacher = f.teacher("quizzer01")
        course = f.course(**course_fields)
        lecture = f.lecture(f.module(course))
        client.force_login(teacher)
        client.post(f"/training/courses/{course.pk}/enrol/")
        return teacher, lecture

    return build


def fail(client, lecture):
    single, *_ = [block.id for block in lecture.quiz]
    return client.post(f"/training/lectures/{lecture.pk}/quiz/", {f"q-{single}": "1"}, follow=True).content.decode()


def test_attempts_beyond_the_courses_limit_are_refused(client, lecture_of):
    teacher, lecture = lecture_of(quiz_max_attempts=2)
    assert "还可作答 1 次" in fail(client, lecture)
    assert "作答次数已用完" in fail(client, lecture)
    html = fail(client, lecture)
    assert "本节测评最多可作答 2 次，你的作答次数已用完。" in html
    assert QuizAttempt.objects.filter(teacher=teacher, lecture=lecture).count() == 2
    assert "提交测评</button>" not in html


def test_the_default_limit_is_three_and_zero_is_unlimited(client, lecture_of):
    teacher, lecture = lecture_of()
    for _ in range(4):
        fail(client, lecture)
    assert QuizAttempt.objects.filter(lecture=lecture).count() == 3
    QuizAttempt.objects.all().delete()
    teacher, lecture = lecture_of(quiz_max_attempts=0, slug="unlimited")
    for _ in range(5):
        fail(client, lecture)
    assert QuizAttempt.objects.filter(lecture=lecture).count() == 5


def test_answers_show_only_when_passed_or_attempts_used_up(client, lecture_of):
    teacher, lecture = lecture_of()  # the default rule: 3 attempts, answers once passed or used up
    for _ in range(2):
        html = fail(client, lecture)
        assert WRONG not in html and "回答错误" not in html and " wrong" not in html
    html = fail(client, lecture)  # the last attempt
    assert WRONG in html and "✗ 回答错误" in html


def test_answers_never_show_when_the_course_says_so(client, lecture_of):
    teacher, lecture = lecture_of(quiz_max_attempts=1, quiz_feedback="never")
    html = fail(client, lecture)
    assert WRONG not in html and "回答错误" not in html
    assert "本课程不显示正确答案与解析" in html


def test_answers_always_show_when_the_course_says_so(client, lecture_of):
    teacher, lecture = lecture_of(quiz_feedback="always")
    assert WRONG in fail(client, lecture)
