"""What a request may carry: unreadable ids, months and numbers give a 404 or a Chinese message,
never a server error; actions are POSTs to ``workshops.urls`` that keep the page's own rules
(live page, view restrictions); an invalid proposal comes back with its form."""

import datetime

import pytest

from django.urls import reverse
from django.utils import timezone

from wagtail.models import PageViewRestriction

from tests.workshops.test_workshop_actions import past_activity, sub
from workshops.models import ActivitySignup, WorkshopMembership, WorkshopProposal

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


def test_attendance_ignores_values_that_are_not_ids(client, ws):
    activity = past_activity(ws)
    client.force_login(ws.host)
    response = client.post(
        sub(ws.workshop, "activity_attendance", activity.pk),
        {"attended": ["abc", "²", "-3", HUGE, str(ws.member.pk), str(ws.member.pk)]},
    )
    assert response.status_code == 302
    assert list(ActivitySignup.objects.filter(activity=activity, attended=True).values_list("user", flat=True)) == [
        ws.member.pk
    ]


def test_ids_too_long_for_the_database_are_not_found(client, ws):
    activity = past_activity(ws)
    client.force_login(ws.host)
    assert client.post(reverse("workshops:join", args=[HUGE])).status_code == 404
    assert client.post(f"/workshops/{ws.workshop.pk}/activities/{HUGE}/signup/").status_code == 404
    assert client.post(f"/workshops/proposals/{HUGE}/decide/", {"decision": "approve"}).status_code == 404
    assert client.get(f"{ws.workshop.url}activities/{HUGE}/").status_code == 404
    assert client.get(f"{ws.workshop.url}threads/{HUGE}/").status_code == 404
    assert client.get(sub(ws.workshop, "activity", activity.pk)).status_code == 200


@pytest.mark.parametrize("value", [HUGE, "0", "abc"])
def test_push_and_share_refuse_unreadable_numbers_with_a_message(client, ws, value):
    client.force_login(ws.host)
    response = client.post(sub(ws.workshop, "push"), {"resource": value}, follow=True)
    assert response.status_code == 200 and "没有找到该资源" in response.content.decode()
    response = client.post(sub(ws.workshop, "share"), {"target": value, "resource": "1"}, follow=True)
    assert response.status_code == 200 and 'class="error"' in response.content.decode()


@pytest.mark.parametrize("query", ["school=abc", "school=²", f"school={HUGE}", "month=2026-13", "month=abc", "month=²"])
def test_school_community_reads_unreadable_parameters_as_missing(client, ws, query):
    client.force_login(ws.trainer_a)
    response = client.get(f"/workshops/school/?{query}")
    today = timezone.localdate()
    assert response.status_code == 200
    assert response.context["school"] == ws.school_a
    if query.startswith("month"):
        assert (response.context["year"], response.context["month"]) == (today.year, today.month)


def test_a_month_is_read_and_the_future_is_not(client, ws):
    client.force_login(ws.host)
    response = client.get("/workshops/county/?month=2025-3")
    assert (response.context["year"], response.context["month"]) == (2025, 3)
    next_year = timezone.localdate().year + 1
    response = client.get(f"/workshops/county/?month={next_year}-01")
    assert response.context["year"] == timezone.localdate().year


def test_invalid_proposal_comes_back_with_its_form(client, ws):
    client.force_login(ws.outsider)
    assert client.get(reverse("workshops:propose")).status_code == 405
    response = client.post(reverse("workshops:propose"), {"title": "", "intro": "", "visibility": "public"})
    assert response.status_code == 200 and "申请创建工作坊" in response.content.decode()
    assert response.context["form"].errors
    client.post(reverse("workshops:propose"), {"title": "成长坊", "intro": "简介", "visibility": "public"})
    response = client.post(
        reverse("workshops:propose"), {"title": "第二个", "intro": "简介", "visibility": "public"}, follow=True
    )
    assert "您已有一个待审批的申请" in response.content.decode()
    assert WorkshopProposal.objects.count() == 1


def test_actions_need_a_live_workshop(client, ws):
    ws.workshop.unpublish()
    client.force_login(ws.outsider)
    assert client.post(sub(ws.workshop, "join")).status_code == 404
    assert not WorkshopMembership.objects.filter(user=ws.outsider).exists()


def test_a_view_restriction_on_the_workshop_applies_to_its_actions(client, ws):
    PageViewRestriction.objects.create(page=ws.workshop, restriction_type=PageViewRestriction.PASSWORD, password="pw")
    client.force_login(ws.outsider)
    response = client.post(sub(ws.workshop, "join"), {"message": "想加入"})
    assert response.status_code == 200 and "password" in response.content.decode().lower()
    assert not WorkshopMembership.objects.filter(user=ws.outsider).exists()


def test_old_action_addresses_on_the_page_are_gone(client, ws):
    client.force_login(ws.outsider)
    assert client.post(f"{ws.workshop.url}join/").status_code == 404
    assert not WorkshopMembership.objects.filter(user=ws.outsider).exists()
    # The activity page is still a route of the workshop page.
    activity = past_activity(ws, days_ago=0)
    activity.starts_at = timezone.now() + datetime.timedelta(days=1)
    activity.save(update_fields=["starts_at"])
    assert client.get(sub(ws.workshop, "activity", activity.pk)).status_code == 200
