"""导师跟踪: trainers assign mentors; a mentor sees only their own mentees; a teacher only their own tasks."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from followup.models import FollowUpTask, GuidanceNote, MentorAssignment
from followup.services import FollowupError, mentoring, projects
from home.people import display_name
from resources.review.models import ReviewNotification
from tests.review.conftest import make_work
from workshops.models import PersonalPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(fw):
    projects.mentor_assign(
        actor=fw.w.county_trainer, project=fw.project, mentor_username="trainer_a1", mentee_ids=[fw.teachers[0].pk]
    )
    return MentorAssignment.objects.get()


def test_the_trainer_assigns_a_mentor_to_participants_in_the_portal(client, fw):
    client.force_login(fw.w.county_trainer)
    url = reverse("followup:mentor_assign", args=[fw.project.pk])
    response = client.post(url, {"mentor": "trainer_a1", "mentees": [fw.teachers[0].pk, fw.teachers[1].pk]})
    assert response.status_code == 302
    assert MentorAssignment.objects.filter(mentor=fw.w.school_trainer).count() == 2
    # Someone who is not a participant, an unknown mentor: refused in Chinese, nothing written.
    response = client.post(url, {"mentor": "trainer_a1", "mentees": [fw.w.teacher_other.pk]}, follow=True)
    assert "请至少选择一位本项目的参训教师" in response.content.decode()
    response = client.post(url, {"mentor": "nobody_here", "mentees": [fw.teachers[2].pk]}, follow=True)
    assert "nobody_here" in response.content.decode()
    assert MentorAssignment.objects.count() == 2


def test_a_mentor_out_of_the_trainers_region_is_refused(fw):
    with pytest.raises(FollowupError, match="不在你负责的区域"):
        projects.mentor_assign(
            actor=fw.w.county_trainer, project=fw.project, mentor_username="teacher_b", mentee_ids=[fw.teachers[0].pk]
        )


def test_the_mentor_sees_plan_courses_works_and_credits_of_the_mentee(client, fw, assignment):
    mentee = fw.teachers[0]
    PersonalPlan.objects.create(teacher=mentee, year=2026, goals="提升单元整体教学设计能力")
    make_work(fw.w, author=mentee, title="《分数的意义》返岗实践报告", kind="practice_report")
    client.force_login(fw.w.school_trainer)
    listing = client.get(reverse("followup:mentor")).content.decode()
    assert display_name(mentee) in listing and display_name(fw.teachers[1]) not in listing
    page = client.get(reverse("followup:mentee", args=[assignment.pk])).content.decode()
    for text in ("提升单元整体教学设计能力", fw.course.title, "《分数的意义》返岗实践报告", "学分", "“3个1”"):
        assert text in page


def test_another_mentor_or_the_teacher_cannot_open_the_mentee_page(client, fw, assignment):
    url = reverse("followup:mentee", args=[assignment.pk])
    for user in (fw.w.school_trainer_other, fw.teachers[0], fw.w.county_trainer):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(reverse("followup:note_add", args=[assignment.pk]), {"body": "x"}).status_code == 404
    assert not GuidanceNote.objects.exists()


def test_notes_and_tasks_reach_the_teacher_who_marks_a_task_done(client, fw, assignment):
    mentor, mentee = fw.w.school_trainer, fw.teachers[0]
    client.force_login(mentor)
    client.post(reverse("followup:note_add", args=[assignment.pk]), {"body": "课堂提问要留足等待时间。"})
    due = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    client.post(
        reverse("followup:task_add", args=[assignment.pk]),
        {"kind": "practice", "title": "上一节单元起始课", "details": "写 500 字反思", "due_on": due},
    )
    task = FollowUpTask.objects.get()
    assert ReviewNotification.objects.filter(recipient=mentee, category="course").count() == 2
    client.force_login(mentee)
    page = client.get(reverse("followup:mine")).content.decode()
    assert "课堂提问要留足等待时间。" in page and "上一节单元起始课" in page and "返岗实践任务" in page
    work = make_work(fw.w, author=mentee, title="《一次函数》课堂实录反思")
    response = client.post(reverse("followup:task_done", args=[task.pk]), {"note": "已完成并反思", "work": work.pk})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.is_done and task.work == work and task.done_note == "已完成并反思"
    assert ReviewNotification.objects.filter(recipient=mentor, subject__contains="上一节单元起始课").exists()


def test_a_teacher_cannot_complete_someone_elses_task_or_link_someone_elses_work(client, fw, assignment):
    task = mentoring.task_add(
        mentor=fw.w.school_trainer,
        assignment_id=assignment.pk,
        title="分层作业设计",
        details="",
        due_on=timezone.localdate(),
    )
    client.force_login(fw.teachers[1])
    response = client.post(reverse("followup:task_done", args=[task.pk]), {"note": "我做了"}, follow=True)
    assert "没有找到这项任务" in response.content.decode()
    other_work = make_work(fw.w, author=fw.teachers[1], title="别人的作品")
    with pytest.raises(FollowupError, match="只能关联你自己的作品"):
        mentoring.task_complete(teacher=fw.teachers[0], task_id=task.pk, note="完成", work_id=other_work.pk)
    task.refresh_from_db()
    assert not task.is_done


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": "", "due_on": "2099-01-01"}, "请填写任务名称"),
        ({"title": "观课", "due_on": "明天"}, "截止日期"),
        ({"title": "观课", "due_on": "2000-01-01"}, "不能早于今天"),
        ({"title": "观课", "due_on": "2099-01-01", "kind": "other"}, "任务类型"),
    ],
)
def test_bad_tasks_are_refused_in_chinese(client, fw, assignment, fields, message):
    client.force_login(fw.w.school_trainer)
    data = {"kind": "follow_up", "details": "", **fields}
    response = client.post(reverse("followup:task_add", args=[assignment.pk]), data, follow=True)
    assert message in response.content.decode()
    assert not FollowUpTask.objects.exists()


def test_crafted_ids_are_refused_without_an_error_page(client, fw, assignment):
    task = mentoring.task_add(
        mentor=fw.w.school_trainer, assignment_id=assignment.pk, title="观课", details="", due_on=timezone.localdate()
    )
    client.force_login(fw.teachers[0])
    response = client.post(
        reverse("followup:task_done", args=[task.pk]), {"note": "完成", "work": "9" * 30}, follow=True
    )
    assert "只能关联你自己的作品" in response.content.decode()
    client.force_login(fw.w.county_trainer)
    response = client.post(
        reverse("followup:mentor_assign", args=[fw.project.pk]), {"mentor": "trainer_a1", "mentees": ["9" * 30, "x"]}
    )
    assert response.status_code == 302 and MentorAssignment.objects.count() == 1
