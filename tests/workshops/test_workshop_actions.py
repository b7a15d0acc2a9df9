"""Front-end actions on a workshop: POST + CSRF + login, membership, plans, activities with
sign-up, attendance and summary, threads, resource pushes and cross-workshop sharing."""

import datetime
from decimal import Decimal

import pytest

from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from credits.models import CreditEntry
from tests.factories import GeneratedResourcePageFactory
from tests.workshops.conftest import add_member, make_workshop
from workshops import services
from workshops.models import (
    ActivitySignup,
    BehaviorRecord,
    DiscussionThread,
    JoinPolicy,
    MemberStatus,
    ResourcePush,
    ThreadReply,
    WorkshopMembership,
)

pytestmark = pytest.mark.django_db


def sub(page, name, *args):
    try:
        return page.url + page.reverse_subpage(name, args=args)
    except NoReverseMatch:  # an action: a POST to workshops.urls
        return reverse(f"workshops:{name}", args=(page.pk, *args))


def past_activity(ws, workshop=None, hours=2, days_ago=1, title="主题研讨：单元整体教学设计"):
    activity = services.activity_create(
        workshop=workshop or ws.workshop,
        actor=ws.host,
        title=title,
        kind="seminar",
        mode="online",
        starts_at=timezone.now() + datetime.timedelta(days=1),
        hours=hours,
        link="https://meeting.example.cn/123",
    )
    activity.starts_at = timezone.now() - datetime.timedelta(days=days_ago)
    activity.save(update_fields=["starts_at"])
    return activity


def test_actions_need_post_login_and_csrf(client, ws):
    join = sub(ws.private, "join")
    assert client.get(join).status_code == 405
    response = client.post(join)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(ws.outsider)
    assert strict.post(join).status_code == 403
    assert not WorkshopMembership.objects.filter(user=ws.outsider).exists()


def test_join_request_then_host_approves(client, ws):
    client.force_login(ws.outsider)
    response = client.post(sub(ws.private, "join"), {"message": "希望参加名师工作室"}, follow=True)
    assert "等待坊主审核" in response.content.decode()
    membership = WorkshopMembership.objects.get(workshop=ws.private, user=ws.outsider)
    assert membership.status == MemberStatus.PENDING
    # A member who is not a host cannot approve.
    client.force_login(ws.member)
    response = client.post(sub(ws.private, "member_action", membership.pk, "approve"), follow=True)
    assert "只有坊主或副坊主" in response.content.decode()
    client.force_login(ws.host)
    client.post(sub(ws.private, "member_action", membership.pk, "approve"))
    membership.refresh_from_db()
    assert membership.status == MemberStatus.ACTIVE and membership.decided_by == ws.host
    assert BehaviorRecord.objects.filter(user=ws.outsider, workshop=ws.private, action="joined").exists()


def test_invitation_only_workshop(client, ws):
    closed = make_workshop(ws.index, title="邀请制工作坊", host=ws.host, join_policy=JoinPolicy.INVITE)
    with pytest.raises(services.WorkshopError, match="仅限坊主邀请"):
        services.membership_request(workshop=closed, user=ws.outsider)
    client.force_login(ws.host)
    client.post(sub(closed, "invite"), {"username": "teacher_outsider"})
    assert WorkshopMembership.objects.get(workshop=closed, user=ws.outsider).status == MemberStatus.INVITED
    client.force_login(ws.outsider)
    client.post(sub(closed, "join"))
    assert WorkshopMembership.objects.get(workshop=closed, user=ws.outsider).status == MemberStatus.ACTIVE


def test_co_host_can_manage_but_only_host_appoints(client, ws):
    membership = WorkshopMembership.objects.get(workshop=ws.workshop, user=ws.member)
    with pytest.raises(services.WorkshopError, match="只有坊主可以设置副坊主"):
        services.membership_set_role(membership=membership, actor=ws.member2, role="co_host")
    services.membership_set_role(membership=membership, actor=ws.host, role="co_host")
    activity = services.activity_create(
        workshop=ws.workshop,
        actor=ws.member,
        title="副坊主组织的听课",
        kind="observation",
        mode="offline",
        starts_at=timezone.now() + datetime.timedelta(days=2),
        hours=2,
        place="岳麓A校",
    )
    assert activity.created_by == ws.member


def test_host_publishes_a_plan_with_phases(client, ws):
    client.force_login(ws.host)
    data = {
        "title": "2026 学年研修计划",
        "description": "聚焦单元整体教学",
        "phase-TOTAL_FORMS": "3",
        "phase-INITIAL_FORMS": "0",
        "phase-MIN_NUM_FORMS": "1",
        "phase-MAX_NUM_FORMS": "8",
        "phase-0-name": "实践阶段",
        "phase-0-starts_on": "2026-10-01",
        "phase-0-ends_on": "2026-12-31",
        "phase-1-name": "诊断阶段",
        "phase-1-starts_on": "2026-09-01",
        "phase-1-ends_on": "2026-09-30",
    }
    client.post(sub(ws.workshop, "plan"), data)
    plan = ws.workshop.plans.get()
    assert [p.name for p in plan.phases.all()] == ["诊断阶段", "实践阶段"]
    html = client.get(ws.workshop.url).content.decode()
    assert "2026 学年研修计划" in html and "诊断阶段" in html
    client.force_login(ws.member)
    response = client.post(sub(ws.workshop, "plan"), data, follow=True)
    assert "只有坊主或副坊主" in response.content.decode()
    assert ws.workshop.plans.count() == 1


def test_activity_signup_attendance_summary_and_credits(client, ws):
    client.force_login(ws.host)
    response = client.post(
        sub(ws.workshop, "activity_add"),
        {
            "title": "同课异构：一次函数",
            "kind": "same_lesson",
            "mode": "offline",
            "starts_at": (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "hours": "3",
            "place": "岳麓A校报告厅",
        },
    )
    activity = ws.workshop.activities.get()
    assert response["Location"].endswith(f"/activities/{activity.pk}/")
    client.force_login(ws.member)
    client.post(sub(ws.workshop, "activity_signup", activity.pk))
    assert ActivitySignup.objects.filter(activity=activity, user=ws.member).exists()
    client.force_login(ws.outsider)
    response = client.post(sub(ws.workshop, "activity_signup", activity.pk), follow=True)
    assert "请先加入该工作坊" in response.content.decode()
    # Attendance only after the start.
    with pytest.raises(services.WorkshopError, match="尚未开始"):
        services.activity_mark_attendance(activity=activity, actor=ws.host, attended_user_ids=[ws.member.pk])
    activity.starts_at = timezone.now() - datetime.timedelta(hours=3)
    activity.save()
    client.force_login(ws.host)
    client.post(
        sub(ws.workshop, "activity_attendance", activity.pk), {"attended": [str(ws.member.pk), str(ws.member2.pk)]}
    )
    entry = CreditEntry.objects.get(teacher=ws.member, source_key=f"activity:{activity.pk}")
    assert entry.source == "workshop" and entry.amount == Decimal("3.0") and entry.verified_by == ws.host
    assert ActivitySignup.objects.get(activity=activity, user=ws.member2).attended
    # Taking attendance back removes the credits.
    client.post(sub(ws.workshop, "activity_attendance", activity.pk), {"attended": [str(ws.member.pk)]})
    assert not CreditEntry.objects.filter(teacher=ws.member2, source_key=f"activity:{activity.pk}").exists()
    assert CreditEntry.objects.filter(teacher=ws.member, source_key=f"activity:{activity.pk}").count() == 1
    client.post(sub(ws.workshop, "activity_summary", activity.pk), {"summary": "三位教师展示了不同设计，形成共识。"})
    activity.refresh_from_db()
    assert activity.summary.startswith("三位教师") and activity.summary_by == ws.host
    assert "三位教师展示了不同设计" in client.get(sub(ws.workshop, "activity", activity.pk)).content.decode()


def test_outsiders_cannot_be_marked_present(ws):
    activity = past_activity(ws)
    with pytest.raises(services.WorkshopError, match="只能为本坊成员"):
        services.activity_mark_attendance(activity=activity, actor=ws.host, attended_user_ids=[ws.outsider.pk])


def test_school_workshop_attendance_counts_as_school_research_within_the_cap(ws):
    school_ws = make_workshop(ws.index, title="岳麓A校数学教研组", host=ws.trainer_a, school=ws.school_a)
    add_member(school_ws, ws.member)
    for i in range(11):  # 11 × 2 h = 22 credits asked, capped at 20 a year
        activity = services.activity_create(
            workshop=school_ws,
            actor=ws.trainer_a,
            title=f"第{i + 1}次校本研修",
            kind="seminar",
            mode="offline",
            starts_at=timezone.now() + datetime.timedelta(days=1),
            hours=2,
            place="A校会议室",
        )
        activity.starts_at = timezone.now() - datetime.timedelta(hours=i + 1)
        activity.save()
        notes = services.activity_mark_attendance(
            activity=activity, actor=ws.trainer_a, attended_user_ids=[ws.member.pk]
        )
    assert notes and "已达上限 20" in notes[0]
    total = sum(e.amount for e in CreditEntry.objects.filter(teacher=ws.member, source="school_research"))
    assert total == Decimal("20")
    # Attendance itself is still recorded.
    assert ActivitySignup.objects.filter(user=ws.member, attended=True, activity__workshop=school_ws).count() == 11


def test_threads_and_replies(client, ws):
    client.force_login(ws.member)
    client.post(sub(ws.workshop, "thread_add"), {"title": "如何设计大单元情境", "body": "请大家分享经验"})
    thread = DiscussionThread.objects.get(workshop=ws.workshop)
    client.force_login(ws.member2)
    client.post(sub(ws.workshop, "thread_reply", thread.pk), {"body": "可以从真实问题入手"})
    assert ThreadReply.objects.get(thread=thread).author == ws.member2
    client.force_login(ws.outsider)
    response = client.post(sub(ws.workshop, "thread_reply", thread.pk), {"body": "路过"}, follow=True)
    assert "请先加入该工作坊" in response.content.decode()
    assert ThreadReply.objects.filter(thread=thread).count() == 1
    # A public workshop's discussion is readable by all.
    assert "可以从真实问题入手" in client.get(sub(ws.workshop, "thread", thread.pk)).content.decode()


def test_push_only_published_resources_by_hosts_with_progress(client, ws, library):
    published = GeneratedResourcePageFactory(parent=library, title="已发布：勾股定理")
    draft = GeneratedResourcePageFactory(parent=library, title="草稿：不可推送", live=False)
    client.force_login(ws.member)
    client.post(sub(ws.workshop, "push"), {"resource": published.pk, "note": "请研读"})
    assert not ResourcePush.objects.exists()
    client.force_login(ws.host)
    client.post(sub(ws.workshop, "push"), {"resource": draft.pk})
    assert not ResourcePush.objects.exists()
    response = client.post(sub(ws.workshop, "push"), {"resource": published.url, "note": "请研读"}, follow=True)
    assert "（1/20）" in response.content.decode()
    push = ResourcePush.objects.get()
    assert push.resource.pk == published.pk and push.note == "请研读"
    with pytest.raises(services.WorkshopError, match="已推送"):
        services.resource_push(workshop=ws.workshop, actor=ws.host, resource_id=published.pk)


def test_push_progress_reaches_the_guide_target(ws, library):
    from workshops.selectors import push_progress

    for i in range(21):
        resource = GeneratedResourcePageFactory(parent=library, title=f"资源{i}")
        services.resource_push(workshop=ws.workshop, actor=ws.host, resource_id=resource.pk)
        if i == 18:
            assert push_progress(workshop=ws.workshop).reached is False
            assert push_progress(workshop=ws.workshop).remaining == 1
    progress = push_progress(workshop=ws.workshop)
    assert progress.count == 21 and progress.reached and progress.percent == 100


def test_cross_workshop_sharing(client, ws, library):
    other = make_workshop(ws.index, title="长沙市数学联研坊", host=ws.county_other)
    add_member(other, ws.member)
    resource = GeneratedResourcePageFactory(parent=library, title="共享：函数图像")
    services.resource_push(workshop=ws.workshop, actor=ws.host, resource_id=resource.pk)
    thread = services.thread_create(workshop=ws.workshop, author=ws.member2, title="函数概念教学难点", body="讨论")
    client.force_login(ws.member)
    client.post(sub(ws.workshop, "share"), {"target": other.pk, "resource": resource.pk})
    client.post(sub(ws.workshop, "share"), {"target": other.pk, "thread": thread.pk})
    shared_push = ResourcePush.objects.get(workshop=other)
    assert shared_push.shared_from.pk == ws.workshop.pk and shared_push.pushed_by == ws.member
    shared_thread = DiscussionThread.objects.get(workshop=other)
    assert shared_thread.shared_from == thread and shared_thread.title == thread.title
    # Not into a workshop the member does not belong to.
    third = make_workshop(ws.index, title="别的工作坊", host=ws.county_other)
    with pytest.raises(services.WorkshopError, match="自己加入的工作坊"):
        services.thread_share(thread=thread, user=ws.member, target=third)


def test_signing_up_without_attending_earns_no_credits(ws):
    activity = services.activity_create(
        workshop=ws.workshop,
        actor=ws.host,
        title="线下观课",
        kind="seminar",
        mode="offline",
        starts_at=timezone.now() + datetime.timedelta(days=1),
        hours=3,
        place="岳麓A校报告厅",
    )
    services.activity_signup(activity=activity, user=ws.member)
    services.activity_signup(activity=activity, user=ws.member2)
    assert not CreditEntry.objects.filter(source_key=f"activity:{activity.pk}").exists()
    activity.starts_at = timezone.now() - datetime.timedelta(hours=4)
    activity.save(update_fields=["starts_at"])
    services.activity_mark_attendance(activity=activity, actor=ws.host, attended_user_ids=[ws.member.pk])
    credited = CreditEntry.objects.filter(source_key=f"activity:{activity.pk}")
    assert list(credited.values_list("teacher", flat=True)) == [ws.member.pk]  # member2 signed up, did not attend
