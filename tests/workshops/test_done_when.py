"""The issue's "done when", end to end over HTTP: a teacher joins, attends, posts and writes a
journal and sees credits and the trajectory grow; the host sees monitoring and push progress; the
school trainer sees who meets the weekly rule; members-only material does not leak."""

import datetime

import pytest

from django.utils import timezone

from tests.factories import GeneratedResourcePageFactory
from tests.workshops.test_workshop_actions import sub
from workshops.models import WorkshopActivity, WorkshopMembership

pytestmark = pytest.mark.django_db


def test_teacher_host_and_trainer_story(client, ws, library):
    teacher, host = ws.outsider, ws.host  # 岳麓B校 teacher, not yet a member
    client.force_login(teacher)
    me_before = client.get("/workshops/me/").content.decode()
    assert "共 0 分" in me_before

    client.post(sub(ws.private, "join"), {"message": "想参加名师工作室"})
    client.force_login(host)
    membership = WorkshopMembership.objects.get(user=teacher, workshop=ws.private)
    client.post(sub(ws.private, "member_action", membership.pk, "approve"))
    starts = timezone.localtime() + datetime.timedelta(days=1)
    client.post(
        sub(ws.private, "activity_add"),
        {
            "title": "听课评课：圆的认识",
            "kind": "observation",
            "mode": "offline",
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "hours": "2",
            "place": "岳麓B校",
        },
    )
    activity = WorkshopActivity.objects.get(workshop=ws.private)
    resource = GeneratedResourcePageFactory(parent=library, title="《圆的认识》教学设计")
    client.post(sub(ws.private, "push"), {"resource": resource.pk, "note": "课前研读"})

    client.force_login(teacher)
    client.post(sub(ws.private, "activity_signup", activity.pk))
    WorkshopActivity.objects.filter(pk=activity.pk).update(starts_at=timezone.now() - datetime.timedelta(hours=2))
    client.force_login(host)
    client.post(sub(ws.private, "activity_attendance", activity.pk), {"attended": [str(teacher.pk)]})

    client.force_login(teacher)
    client.post(sub(ws.private, "thread_add"), {"title": "评课记录：圆的认识", "body": "板书设计很清晰。"})
    client.post(
        "/workshops/me/journal/", {"title": "听课日志", "body": "学会了用操作活动引出概念。", "visibility": "shared"}
    )
    me_after = client.get("/workshops/me/").content.decode()
    assert "共 2.0 分" in me_after and "听课日志" in me_after and "参加活动" in me_after
    assert 'fill="#93c5fd"' in me_after  # the chart's bars

    client.force_login(host)
    monitoring = client.get(sub(ws.private, "monitoring")).content.decode()
    assert "已推送 <strong>1</strong> 件，目标 20 件" in monitoring
    row = monitoring.split("teacher_outsider</td>")[1].split("</tr>")[0]
    assert "<td>1</td>" in row  # attended 1, posted 1

    client.force_login(ws.trainer_b)
    school = client.get("/workshops/school/").content.decode()
    assert "teacher_outsider" in school and "听课日志" in school

    client.force_login(ws.member2)  # not a member of the studio
    page = client.get(ws.private.url).content.decode()
    assert "评课记录：圆的认识" not in page and "课前研读" not in page
