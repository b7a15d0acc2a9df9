"""学校社区 / 区域社区: who sees which dashboard, and the Hunan weekly rule on known data."""

import datetime
from decimal import Decimal

import pytest

from django.utils import timezone

from credits.services import credit_record
from tests.workshops.conftest import add_member, make_workshop
from workshops import selectors, services
from workshops.models import ActivitySignup

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "who, url, status",
    [
        ("anonymous", "/workshops/school/", 302),
        ("member", "/workshops/school/", 403),
        ("trainer_a", "/workshops/school/", 200),
        ("trainer_b", "/workshops/school/?school={a}", 403),
        ("host", "/workshops/school/?school={a}", 200),  # county trainer of 岳麓区
        ("county_other", "/workshops/school/?school={a}", 403),  # 芙蓉区 trainer
        ("editor", "/workshops/school/?school={a}", 200),  # 长沙市 editor
        ("anonymous", "/workshops/county/", 302),
        ("member", "/workshops/county/", 403),
        ("trainer_a", "/workshops/county/", 403),
        ("host", "/workshops/county/", 200),
        ("county_other", "/workshops/county/?region=湖南省/长沙市/岳麓区", 403),
        ("editor", "/workshops/county/?region=湖南省/长沙市/岳麓区", 200),
        ("editor", "/workshops/county/", 200),
    ],
)
def test_who_sees_which_dashboard(client, ws, who, url, status):
    if who != "anonymous":
        client.force_login(getattr(ws, who))
    response = client.get(url.format(a=ws.school_a.pk))
    assert response.status_code == status


def _attend(ws, workshop, users, when, hours=1, title="校本研修"):
    activity = services.activity_create(
        workshop=workshop,
        actor=ws.trainer_a,
        title=title,
        kind="seminar",
        mode="offline",
        starts_at=timezone.now() + datetime.timedelta(days=1),
        hours=hours,
        place="A校",
    )
    activity.starts_at = when
    activity.save()
    services.activity_mark_attendance(activity=activity, actor=ws.trainer_a, attended_user_ids=[u.pk for u in users])


def test_weekly_rule_on_known_data(ws):
    """October 2026 has five Monday-weeks overlapping it (9/28, 10/5, 10/12, 10/19, 10/26).
    member attends one 1-hour activity every week (5 h); member2 misses the week of 10/12;
    a third teacher attends one 1.5-hour activity only."""
    from tests.factories import UserFactory

    third = UserFactory(username="teacher_third", role="teacher", role__school=ws.school_a)
    school_ws = make_workshop(ws.index, title="A校教研组", host=ws.trainer_a, school=ws.school_a)
    for user in (ws.member, ws.member2, third):
        add_member(school_ws, user)
    tz = timezone.get_current_timezone()
    for day in (1, 8, 15, 22, 29):  # Thursdays in October 2026
        when = datetime.datetime(2026, 10, day, 15, 0, tzinfo=tz)
        users = [ws.member] if day == 15 else [ws.member, ws.member2]
        _attend(ws, school_ws, users, when)
    _attend(ws, school_ws, [third], datetime.datetime(2026, 10, 8, 9, 0, tzinfo=tz), hours=Decimal("1.5"))
    figures = {
        f.user.username: f
        for f in selectors.weekly_rule(
            teachers=selectors.school_teachers(school=ws.school_a),
            year=2026,
            month=10,
            today=datetime.date(2026, 11, 5),
        )
    }
    assert [w for w, _ in figures["teacher_member"].weeks] == [
        datetime.date(2026, 9, 28),
        datetime.date(2026, 10, 5),
        datetime.date(2026, 10, 12),
        datetime.date(2026, 10, 19),
        datetime.date(2026, 10, 26),
    ]
    m = figures["teacher_member"]
    assert m.weeks_met == 5 and m.hours == Decimal("5") and m.meets
    m2 = figures["teacher_member2"]
    assert m2.weeks_met == 4 and not m2.meets_weekly and m2.meets_monthly and not m2.meets
    t = figures["teacher_third"]
    assert t.weeks_met == 1 and t.hours == Decimal("1.5") and not t.meets_monthly
    assert m.credits_year == Decimal("5")  # 5 × 1 h of 校本研修
    # Seen on Tuesday 27 October, the week of 10/26 is still running: member2 has not attended
    # yet this week, which is not a failure (yet); the missed week of 10/12 still is.
    ActivitySignup.objects.filter(user=ws.member2, activity__starts_at__date=datetime.date(2026, 10, 29)).delete()
    during = {
        f.user.username: f
        for f in selectors.weekly_rule(
            teachers=selectors.school_teachers(school=ws.school_a),
            year=2026,
            month=10,
            today=datetime.date(2026, 10, 27),
        )
    }
    assert during["teacher_member2"].week_in_progress and len(during["teacher_member2"].weeks_due) == 4
    assert during["teacher_member2"].weeks_met == 3 and not during["teacher_member2"].meets_weekly
    assert during["teacher_member"].meets_weekly and not during["teacher_member"].week_in_progress


def test_school_dashboard_shows_who_meets_the_rule(client, ws):
    school_ws = make_workshop(ws.index, title="A校教研组", host=ws.trainer_a, school=ws.school_a)
    add_member(school_ws, ws.member)
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    tz = timezone.get_current_timezone()
    # One activity in every week of this month so far, 2 hours each: member meets the rule.
    for start in selectors.month_weeks(year=today.year, month=today.month, today=today):
        day = max(start, today.replace(day=1)) if start < monday else today
        when = datetime.datetime.combine(day, datetime.time(0, 30), tzinfo=tz)
        _attend(ws, school_ws, [ws.member], when, hours=2, title=f"研修{start}")
    client.force_login(ws.trainer_a)
    html = client.get("/workshops/school/").content.decode()
    assert "岳麓A校" in html
    row = html.split("teacher_member</td>")[1].split("</tr>")[0]
    assert "未达标" not in row
    row2 = html.split("teacher_member2</td>")[1].split("</tr>")[0]
    assert "未达标" in row2


def test_county_dashboard_ranks_schools(client, ws):
    school_ws = make_workshop(ws.index, title="A校教研组", host=ws.trainer_a, school=ws.school_a)
    add_member(school_ws, ws.member)
    credit_record(teacher=ws.member, source="course", amount=10, description="课程", source_key="course:9")
    client.force_login(ws.host)
    html = client.get("/workshops/county/").content.decode()
    assert html.index("岳麓A校") < html.index("岳麓B校")  # A has credits, B none
    assert "芙蓉C校" not in html  # another county
    assert "A校教研组" in html and "学分排行" in html


def test_resources_by_status_on_known_data(ws, library):
    from resources.review.models import ReviewStatus
    from tests.factories import GeneratedResourcePageFactory

    GeneratedResourcePageFactory(parent=library, school=ws.school_a, live=False)
    in_review = GeneratedResourcePageFactory(parent=library, school=ws.school_a, live=False)
    type(in_review).objects.filter(pk=in_review.pk).update(review_status=ReviewStatus.IN_REVIEW)
    published = GeneratedResourcePageFactory(parent=library, school=ws.school_a)
    type(published).objects.filter(pk=published.pk).update(recommendation_level=2)
    GeneratedResourcePageFactory(parent=library, school=ws.school_c)
    counts = dict(selectors.resource_status_counts(school=ws.school_a))
    assert counts["草稿"] == 1 and counts["校内审核中"] == 1 and counts["已发布"] == 1 and counts["县级及以上优秀"] == 1
    county = dict(selectors.resource_status_counts(region=ws.yuelu))
    assert county["已发布"] == 1  # 芙蓉C校's work is in another county
