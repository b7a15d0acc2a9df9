"""Monitoring (监测评价) on known data, its CSV export with a verification code, and who may see it."""

import csv
import datetime
import io

import pytest

from django.utils import timezone

from credits.models import ExportRecord
from credits.services import credit_record
from tests.factories import GeneratedResourcePageFactory
from tests.training.factories import course as course_factory
from tests.workshops.test_workshop_actions import past_activity, sub
from training.models import Enrolment
from workshops import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def known(ws, library):
    """member: 2 activities attended, 1 thread, 2 replies, 1 resource shared in, 1 course;
    member2: 1 activity, 0 threads, 1 reply; host: 2 pushes."""
    a1 = past_activity(ws, title="活动一", days_ago=2)
    a2 = past_activity(ws, title="活动二", days_ago=1)
    services.activity_mark_attendance(activity=a1, actor=ws.host, attended_user_ids=[ws.member.pk, ws.member2.pk])
    services.activity_mark_attendance(activity=a2, actor=ws.host, attended_user_ids=[ws.member.pk])
    thread = services.thread_create(workshop=ws.workshop, author=ws.member, title="话题", body="内容")
    services.thread_reply(thread=thread, author=ws.member, body="补充一")
    services.thread_reply(thread=thread, author=ws.member, body="补充二")
    services.thread_reply(thread=thread, author=ws.member2, body="同意")
    for i in range(2):
        resource = GeneratedResourcePageFactory(parent=library, title=f"推送资源{i}")
        services.resource_push(workshop=ws.workshop, actor=ws.host, resource_id=resource.pk)
    other = GeneratedResourcePageFactory(parent=library, title="成员分享的资源")
    from tests.workshops.conftest import add_member, make_workshop

    source = make_workshop(ws.index, title="来源工作坊", host=ws.county_other)
    add_member(source, ws.member)
    services.resource_push(workshop=source, actor=ws.county_other, resource_id=other.pk)
    services.resource_share(resource_id=other.pk, source=source, user=ws.member, target=ws.workshop)
    course = course_factory(title="大单元教学")
    Enrolment.objects.create(course=course, teacher=ws.member, completed_at=timezone.now())
    credit_record(
        teacher=ws.member,
        source="course",
        amount=8,
        description="完成课程：大单元教学",
        source_key=f"course:{course.pk}",
    )
    return ws


def test_member_figures_on_known_data(known):
    figures = {f.user.username: f for f in selectors.member_monitoring(workshop=known.workshop)}
    assert set(figures) == {"host_yuelu", "teacher_member", "teacher_member2"}
    m = figures["teacher_member"]
    assert (m.attended, m.posts, m.replies, m.shared, m.courses) == (2, 1, 2, 1, 1)
    m2 = figures["teacher_member2"]
    assert (m2.attended, m2.posts, m2.replies, m2.shared, m2.courses) == (1, 0, 1, 0, 0)
    assert figures["host_yuelu"].shared == 2 and figures["host_yuelu"].role_label == "坊主"


def test_participation_over_time_counts_this_week(known):
    weeks = selectors.participation_over_time(workshop=known.workshop, weeks=4)
    assert len(weeks) == 4
    total_attendances = sum(w.attendances for w in weeks)
    assert total_attendances == 3
    assert sum(w.actions for w in weeks) >= 3 + 1 + 3 + 2 + 1  # attend, thread, replies, pushes, share
    assert max(w.active_members for w in weeks) >= 2


def test_monitoring_page_only_for_hosts(client, known):
    url = sub(known.workshop, "monitoring")
    assert client.get(url).status_code == 302
    client.force_login(known.member)
    assert client.get(url).status_code == 403
    client.force_login(known.host)
    html = client.get(url).content.decode()
    assert "成员参与情况" in html and "teacher_member" in html


def test_monitoring_csv_carries_a_code_that_verifies(client, known):
    client.force_login(known.host)
    response = client.get(sub(known.workshop, "monitoring_csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == selectors.MONITORING_HEADER
    member_row = next(r for r in rows if r and r[1] == "teacher_member")
    assert member_row[4:] == ["2", "1", "2", "1", "1"]
    code = next(r[1] for r in rows if r and r[0] == "验证码")
    export = ExportRecord.objects.get(code=code)
    assert export.workshop.pk == known.workshop.pk and export.kind == "monitoring_csv"
    verify = client.get("/workshops/verify/", {"code": code}).content.decode()
    assert "验证码有效" in verify and known.workshop.title in verify
    client.force_login(known.member)
    assert client.get(sub(known.workshop, "monitoring_csv")).status_code == 403


def test_activities_are_monitored_in_the_week_they_happen(known):
    today = timezone.localdate()
    weeks = selectors.participation_over_time(
        workshop=known.workshop, weeks=1, today=today + datetime.timedelta(weeks=3)
    )
    assert weeks[0].actions == 0
