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
