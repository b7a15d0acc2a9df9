"""The portal inbox (消息) hears of every event a teacher cares about: workshop invitations,
approvals, new activities and pushes, peer reviews assigned and received, a completed course
and credit changes — and e-mails them only to those who keep e-mail on."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from credits.services import credit_entry_remove, credit_record
from resources.models import ReviewNotification
from tests.factories import GeneratedResourcePageFactory
from tests.training import factories as tf
from training import services as training
from workshops import services

from .conftest import ws as ws  # noqa: F401  (the fixture)


def inbox(user) -> list[tuple[str, str, str]]:
    return list(
        ReviewNotification.objects.filter(recipient=user).order_by("pk").values_list("category", "subject", "link")
    )


def test_an_invitation_and_an_approval_reach_the_teacher(ws, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_invite(workshop=ws.workshop, actor=ws.host, username=ws.outsider.username)
    [(category, subject, link)] = inbox(ws.outsider)
    assert category == "workshop" and "邀请您加入“岳麓区初中数学工作坊”" in subject and link == ws.workshop.url
    assert mail.outbox and mail.outbox[-1].to == [ws.outsider.email] and "【工作坊】" in mail.outbox[-1].subject


def test_a_new_activity_and_a_push_reach_every_member_but_the_host(ws, library):
    services.activity_create(
        workshop=ws.workshop,
        actor=ws.host,
        title="同课异构：一次函数",
        kind="same_lesson",
        mode="offline",
        starts_at=timezone.now() + timedelta(days=3),
        hours=2,
        place="岳麓A校录播教室",
    )
    resource = GeneratedResourcePageFactory(parent=library, title="初中数学《一次函数》教学设计")
    services.resource_push(workshop=ws.workshop, actor=ws.host, resource_id=resource.pk, note="请课前阅读")
    for member in (ws.member, ws.member2):
        subjects = [subject for _, subject, _ in inbox(member)]
        assert any("新活动：同课异构：一次函数" in s for s in subjects)
        assert any("推送资源：《初中数学《一次函数》教学设计》" in s for s in subjects)
    assert inbox(ws.host) == [] and inbox(ws.outsider) == []


def test_peer_reviews_assigned_and_received(db):
    trainer = tf.teacher("county_trainer_x", role="county_trainer")
    course = tf.course(trainers=[trainer])
    module = tf.module(course)
    assignment = tf.assignment(module, peers=1, deadline_in_days=-1)
    first, second = tf.teacher("t_first"), tf.teacher("t_second")
    for teacher in (first, second):
        training.course_enrol(course=course, teacher=teacher)
        training.submission_submit(assignment=assignment, teacher=teacher, text="我的作业正文", uploaded=None)
    training.assignment_allocate(assignment=assignment)
    assigned = [s for c, s, _ in inbox(first) if c == "course"]
    assert any("等你评阅" in s for s in assigned)
    review = first.peer_reviews.get()
    training.peer_review_submit(
        review=review, reviewer=first, scores={b.id: "8" for b in assignment.rubric}, comment="结构清晰，例子贴切。"
    )
    received = [s for c, s, _ in inbox(review.submission.teacher)]
    assert any("收到一份同伴互评" in s for s in received)


def test_a_credit_entry_and_its_removal_reach_the_teacher(ws):
    credit_record(teacher=ws.member, source="workshop", amount="1.5", description="参加教研活动", source_key="t:1")
    credit_entry_remove(teacher=ws.member, source_key="t:1")
    subjects = [s for c, s, _ in inbox(ws.member) if c == "credit"]
    assert subjects[0].startswith("学分入账 +1.5") and subjects[1].startswith("学分撤销 -1.5")


def test_email_follows_the_teachers_choice(ws, client, django_capture_on_commit_callbacks):
    client.force_login(ws.member)
    client.post("/workshops/me/inbox/email/", {})  # unticked: site only
    ws.member.profile.refresh_from_db()
    assert ws.member.profile.email_notifications is False
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        credit_record(teacher=ws.member, source="workshop", amount="1", description="参加教研活动", source_key="t:2")
    assert mail.outbox == [] and inbox(ws.member)
    page = client.get("/workshops/me/inbox/").content.decode()
    assert "学分入账 +1" in page and "学分" in page and "同时发送到我的邮箱" in page


def test_a_completed_course_reaches_the_teacher(db):
    course = tf.course(trainers=[tf.teacher("county_trainer_y", role="county_trainer")])
    module = tf.module(course, online="2", offline="0")
    lecture = tf.lecture(module, quiz=[])
    teacher = tf.teacher("t_learner")
    training.course_enrol(course=course, teacher=teacher)
    tf.watch(teacher, lecture)
    messages = [(c, s) for c, s, _ in inbox(teacher)]
    assert ("course", f"恭喜完成课程《{course.title}》") in messages
    assert any(c == "credit" and s.startswith("学分入账") for c, s in messages)


def test_a_day_before_the_deadline_those_who_have_not_submitted_are_reminded_once(db):
    from training.tasks import assignments_advance

    course = tf.course(trainers=[tf.teacher("county_trainer_z", role="county_trainer")])
    module = tf.module(course)
    assignment = tf.assignment(module, peers=1, deadline_in_days=0.5)
    done, waiting = tf.teacher("t_done"), tf.teacher("t_waiting")
    for teacher in (done, waiting):
        training.course_enrol(course=course, teacher=teacher)
    training.submission_submit(assignment=assignment, teacher=done, text="已完成的作业", uploaded=None)
    assert assignments_advance.delay().get()["reminded"] == 1
    assert assignments_advance.delay().get()["reminded"] == 0  # once
    assert any(f"作业《{assignment.title}》将于" in s for _, s, _ in inbox(waiting))
    assert not any("将于" in s for _, s, _ in inbox(done))
