"""The same figure reads the same on every page that shows it (workshops.selectors.metrics):
published works of a school, courses completed by a teacher, 达标, and pushes of works that
are no longer public."""

import datetime
import re

import pytest

from django.utils import timezone

from wagtail.models import PageViewRestriction

from credits.selectors import credit_year_summaries
from credits.services import credit_record
from tests.factories import GeneratedResourcePageFactory
from tests.training.factories import course as course_factory
from tests.workshops.test_workshop_actions import sub
from training.models import Enrolment
from workshops import selectors, services

pytestmark = pytest.mark.django_db


def _cells(html: str, after: str) -> list[str]:
    """The text of the table cells of the row that starts with ``after``."""
    row = html.split(after, 1)[1].split("</tr>", 1)[0]
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_published_works_read_the_same_on_county_ranking_and_school_dashboard(client, ws, library):
    now = timezone.now()
    for title in ("公开作品一", "公开作品二"):
        GeneratedResourcePageFactory(
            parent=library, school=ws.school_a, title=title, author=ws.member, first_published_at=now
        )
    restricted = GeneratedResourcePageFactory(
        parent=library, school=ws.school_a, title="仅登录可见", author=ws.member, first_published_at=now
    )
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    GeneratedResourcePageFactory(parent=library, school=ws.school_a, title="草稿", live=False)
    client.force_login(ws.host)
    county = client.get("/workshops/county/").content.decode()
    ranked = _cells(county, "岳麓A校</a></td>")[-1]
    school = client.get(f"/workshops/school/?school={ws.school_a.pk}").content.decode()
    dashboard = re.search(r"<th>已发布</th><td>(\d+)</td>", school).group(1)
    assert ranked == dashboard == "2"
    # The teacher's own 发布成果 of the year counts the same public works.
    assert credit_year_summaries(teacher=ws.member)[0].outputs == 2


@pytest.fixture
def courses(ws):
    """Three courses: member completed ``done`` (its credits once, plus a hand-made ledger line
    for the same course), is still in ``going``, and completed ``withdrawn`` before it was unpublished."""
    done = course_factory(title="大单元教学")
    going = course_factory(title="作业设计")
    withdrawn = course_factory(title="已下线课程")
    now = timezone.now()
    Enrolment.objects.create(course=done, teacher=ws.member, completed_at=now)
    Enrolment.objects.create(course=going, teacher=ws.member)
    Enrolment.objects.create(course=withdrawn, teacher=ws.member, completed_at=now)
    withdrawn.unpublish()
    for key in (f"course:{done.pk}", "manual:done", f"course:{withdrawn.pk}"):
        credit_record(
            teacher=ws.member, source="course", amount=2, description="完成课程《大单元教学》", source_key=key
        )
    return ws


def test_courses_completed_read_the_same_on_monitoring_personal_space_and_certificate(client, courses):
    ws = courses
    client.force_login(ws.host)
    monitoring = client.get(sub(ws.workshop, "monitoring")).content.decode()
    monitored = _cells(monitoring, "teacher_member</td>")[-1]
    client.force_login(ws.member)
    space = client.get("/workshops/me/").content.decode()
    listed = re.search(r'class="courses-completed">(\d+)<', space)
    certificate = client.get("/workshops/me/record/").content.decode()
    printed = re.search(r'class="courses-completed">(\d+) 门<', certificate)
    assert monitored == "1"
    assert listed and listed.group(1) == "1"
    assert space.count('<span class="badge">已完成</span>') == 1
    assert printed and printed.group(1) == "1"


def test_a_teacher_with_no_activity_is_never_达标(client, ws):
    # A month whose weeks have not begun: nothing is due yet, and nobody did anything.
    next_month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    figures = selectors.weekly_rule(teachers=[ws.member2], year=next_month.year, month=next_month.month)
    assert not figures[0].meets_weekly and not figures[0].meets
    client.force_login(ws.trainer_a)
    html = client.get(f"/workshops/school/?month={next_month:%Y-%m}").content.decode()
    row = html.split("teacher_member2</td>", 1)[1].split("</tr>", 1)[0]
    assert '<span class="ok">达标</span>' not in row
    summary = credit_year_summaries(teacher=ws.member2)[0]
    assert summary.total == 0 and not summary.targets_met
    ws.workshop.push_target = 0
    assert not selectors.push_progress(workshop=ws.workshop).reached


def test_an_unpublished_work_leaves_the_workshop_and_returns_when_republished(client, ws, library):
    work = GeneratedResourcePageFactory(parent=library, title="勾股定理推送作品")
    work.save_revision().publish()
    kept = GeneratedResourcePageFactory(parent=library, title="一直公开的作品")
    services.resource_push(workshop=ws.workshop, actor=ws.host, resource_id=work.pk, note="请重点看导入环节")
    services.resource_push(workshop=ws.workshop, actor=ws.host, resource_id=kept.pk)

    def seen():
        pages = []
        client.logout()
        pages.append(client.get(ws.workshop.url).content.decode())
        client.force_login(ws.member)
        pages.append(client.get(ws.workshop.url).content.decode())
        return pages

    for html in seen():
        assert "勾股定理推送作品" in html and "请重点看导入环节" in html and "推送资源（2/" in html
    assert selectors.push_progress(workshop=ws.workshop).count == 2

    work.unpublish()
    url = work.url or f"/library/{work.slug}/"
    for html in seen():
        assert "勾股定理推送作品" not in html and "请重点看导入环节" not in html
        assert work.slug not in html and "推送资源（1/" in html and "一直公开的作品" in html
    assert selectors.push_progress(workshop=ws.workshop).count == 1
    host = {f.user.username: f for f in selectors.member_monitoring(workshop=ws.workshop)}["host_yuelu"]
    assert host.shared == 1
    assert [w.push_count for w in selectors.region_workshops(region=ws.yuelu) if w.pk == ws.workshop.pk] == [1]
    assert url

    work.save_revision().publish()
    for html in seen():
        assert "勾股定理推送作品" in html and "请重点看导入环节" in html and "推送资源（2/" in html
