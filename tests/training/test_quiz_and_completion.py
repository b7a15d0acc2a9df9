"""Instant quizzes scored at once, watching items, completing a course with hours recorded."""

from decimal import Decimal

import pytest

from django.test import Client

from credits.models import CreditEntry, CreditRule
from training import services
from training.models import Enrolment, QuizAttempt

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(client):
    teacher = f.teacher("teacher001")
    course = f.course(title="单元整体教学设计")
    required = f.module(course, required=True, online="2", offline="1")
    lecture = f.lecture(required)
    recording = f.recording(required)
    assignment = f.assignment(required)
    elective = f.module(course, required=False, online="3", offline="0")
    elective_lecture = f.lecture(elective, quiz=[])
    client.force_login(teacher)
    return teacher, course, required, lecture, recording, assignment, elective_lecture


def answer_ids(lecture):
    return [block.id for block in lecture.quiz]


def test_quiz_scoring_of_each_question_kind():
    lecture = f.lecture(f.module(f.course()))
    single, multiple, true_false = answer_ids(lecture)
    score, total, results = services.quiz_score(
        lecture=lecture, answers={single: ["0"], multiple: ["1", "0"], true_false: ["false"]}
    )
    assert (score, total) == (3, 3)
    score, _, results = services.quiz_score(
        lecture=lecture, answers={single: ["1"], multiple: ["0"], true_false: ["true"]}
    )
    assert score == 0
    assert [r["correct"] for r in results] == [False, False, False]  # a partly right multiple choice is wrong
    assert results[0]["explanation"] == "目标统领一切。"


def test_quiz_submit_scores_at_once_stores_attempts_and_shows_explanations(client, setup):
    teacher, course, _, lecture, *_ = setup
    client.post(f"/training/courses/{course.pk}/enrol/")
    single, multiple, true_false = answer_ids(lecture)
    response = client.post(
        f"/training/lectures/{lecture.pk}/quiz/",
        {f"q-{single}": "1", f"q-{multiple}": ["0", "1"], f"q-{true_false}": "false"},
        follow=True,
    )
    html = response.content.decode()
    assert "测评得分 2/3，合格" in html  # 2/3 ≥ 60 %
    assert "目标统领一切。" in html  # explanation of the wrong answer
    client.post(f"/training/lectures/{lecture.pk}/quiz/", {f"q-{single}": "1"})
    attempts = QuizAttempt.objects.filter(teacher=teacher, lecture=lecture)
    assert attempts.count() == 2
    assert [a.passed for a in attempts.order_by("pk")] == [True, False]


def test_quiz_needs_login_enrolment_post_and_csrf(client, setup):
    teacher, course, _, lecture, *_ = setup
    assert client.get(f"/training/lectures/{lecture.pk}/quiz/").status_code == 405
    response = client.post(f"/training/lectures/{lecture.pk}/quiz/", {}, follow=True)
    assert "请先加入本课程" in response.content.decode()
    assert not QuizAttempt.objects.exists()
    anonymous = Client()
    assert anonymous.post(f"/training/lectures/{lecture.pk}/quiz/").status_code == 302
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(teacher)
    assert strict.post(f"/training/courses/{course.pk}/enrol/").status_code == 403
    assert not Enrolment.objects.exists()


def test_completion_records_hours_once_in_the_credit_bank(client, setup):
    teacher, course, required, lecture, recording, assignment, elective_lecture = setup
    CreditRule.objects.update_or_create(
        source="course", defaults={"credits_per_hour": Decimal("0.5"), "yearly_cap": None}
    )
    client.post(f"/training/courses/{course.pk}/enrol/")
    enrolment = Enrolment.objects.get(teacher=teacher)
    single, multiple, true_false = answer_ids(lecture)
    f.watch(teacher, lecture)
    client.post(
        f"/training/lectures/{lecture.pk}/quiz/",
        {f"q-{single}": "0", f"q-{multiple}": ["0", "1"], f"q-{true_false}": "false"},
    )
    f.watch(teacher, recording)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None  # the assignment is still missing
    page = client.get(course.url).content.decode()
    assert "67%" in page

    response = client.post(
        f"/training/modules/{required.pk}/assignments/{assignment.pk}/submit/",
        {"text": "我的单元设计初稿"},
        follow=True,
    )
    assert "恭喜！你已完成课程《单元整体教学设计》" in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None
    assert enrolment.hours_recorded == Decimal("2")  # the required module online; offline needs attendance
    entry = CreditEntry.objects.get(teacher=teacher)
    assert (entry.source, entry.hours, entry.amount, entry.source_key) == (
        "course",
        Decimal("2"),
        Decimal("1.0"),
        f"course:{course.pk}",
    )
    # Doing more afterwards never records twice.
    f.watch(teacher, elective_lecture)
    assert CreditEntry.objects.filter(teacher=teacher).count() == 1


def test_finished_elective_module_adds_its_hours(client, setup):
    teacher, course, required, lecture, recording, assignment, elective_lecture = setup
    client.post(f"/training/courses/{course.pk}/enrol/")
    f.watch(teacher, elective_lecture)
    enrolment = Enrolment.objects.get(teacher=teacher)
    f.watch(teacher, lecture)
    services.quiz_attempt_submit(
        lecture=lecture,
        teacher=teacher,
        answers={
            b.id: (["0"] if b.value["kind"] == "single" else ["0", "1"] if b.value["kind"] == "multiple" else ["false"])
            for b in lecture.quiz
        },
    )
    f.watch(teacher, recording)
    services.submission_submit(assignment=assignment, teacher=teacher, text="初稿", uploaded=None)
    assert services.enrolment_refresh(enrolment=enrolment) is True
    enrolment.refresh_from_db()
    assert enrolment.hours_recorded == Decimal("5")  # 2 + 3 online; the offline hour needs attendance


def test_pending_peer_reviews_keep_the_assignment_open(setup):
    teacher, course, required, lecture, recording, assignment, _ = setup
    others = [f.teacher(f"peer{i}") for i in range(3)]
    for person in [teacher, *others]:
        services.course_enrol(course=course, teacher=person)
        services.submission_submit(assignment=assignment, teacher=person, text="初稿", uploaded=None)
    services.assignment_allocate(assignment=assignment)
    from training.selectors import course_progress

    item = [i for i in course_progress(course=course, user=teacher).modules[0].items if i.kind == "assignment"][0]
    assert not item.done and "待你互评" in item.detail


def test_course_without_required_items_never_completes(client):
    teacher = f.teacher("teacher009")
    course = f.course()
    f.module(course, required=True)  # no items at all
    enrolment = services.course_enrol(course=course, teacher=teacher)
    assert services.enrolment_refresh(enrolment=enrolment) is False
