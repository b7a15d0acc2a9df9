"""The workshop section: page tree rules, the index made by the migration, rendering."""

import pytest

from home.models import HomePage
from workshops.models import WorkshopIndexPage, WorkshopPage

pytestmark = pytest.mark.django_db


def test_migration_adds_the_section_under_the_home_page():
    index = WorkshopIndexPage.objects.get()
    assert isinstance(index.get_parent().specific, HomePage)
    assert index.live and index.url == "/workshops/"


def test_page_tree_rules(ws):
    home = HomePage.objects.get()
    assert WorkshopIndexPage.can_create_at(home) is False  # max_count 1: the migration made it
    assert WorkshopPage.can_create_at(ws.index)
    assert not WorkshopPage.can_create_at(home)
    assert WorkshopIndexPage.allowed_parent_page_models() == [HomePage]


def test_index_lists_workshops_by_name_for_everyone(client, ws):
    response = client.get("/workshops/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "岳麓区初中数学工作坊" in html and "岳麓区名师工作室" in html
    assert "仅成员可见" in html


def test_workshop_page_renders_for_host_with_management_forms(client, ws):
    client.force_login(ws.host)
    response = client.get(ws.workshop.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "发布新的研修计划" in html and "发起活动" in html and "监测评价" in html


def test_county_trainers_create_workshops_in_the_admin_and_host_them(client, ws):
    assert ws.index.permissions_for_user(ws.host).can_add_subpage()
    assert not ws.index.permissions_for_user(ws.member).can_add_subpage()
    client.force_login(ws.host)
    response = client.post(
        f"/admin/pages/add/workshops/workshoppage/{ws.index.pk}/",
        {
            "title": "岳麓区初中英语工作坊",
            "slug": "yuelu-english",
            "intro": "聚焦英语阅读教学。",
            "visibility": "public",
            "join_policy": "request",
            "push_target": "20",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = WorkshopPage.objects.get(slug="yuelu-english")
    assert page.live and page.host == ws.host


def test_a_trainer_of_another_county_cannot_unpublish_or_edit_a_workshop_in_the_admin(client, ws):
    """Found by the trust walk: a bulk unpublish by 芙蓉区's county trainer took 岳麓's
    members-only workshop offline."""
    client.force_login(ws.county_other)
    client.post(f"/admin/bulk/wagtailcore/page/unpublish/?id={ws.private.pk}", {})
    client.post(f"/admin/pages/{ws.private.pk}/unpublish/", {})
    ws.private.refresh_from_db()
    assert ws.private.live
    assert client.get(f"/admin/pages/{ws.private.pk}/edit/").status_code in (302, 403)
