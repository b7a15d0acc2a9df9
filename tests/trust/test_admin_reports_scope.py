"""Admin reports (站点历史、锁定页面、过期页面、页面类型使用情况) never name a private work
outside the reader's scope: a teacher, a trainer of another county, an editor of another city."""

from __future__ import annotations

import pytest

from tests.review.conftest import make_work
from tests.review.conftest import world as world  # noqa: F401  (the fixture)

REPORTS = (
    "/admin/reports/site-history/",
    "/admin/reports/locked/",
    "/admin/reports/aging-pages/",
    "/admin/reports/page-types-usage/",
)
TITLE = "芙蓉一中 未公开的教学设计"


@pytest.fixture
def private_work(world):
    page = make_work(world, author=world.teacher_other, title=TITLE)
    page.locked, page.locked_by = True, world.teacher_other
    page.last_published_at = page.latest_revision_created_at
    page.save()
    return page


@pytest.mark.parametrize("reader", ["teacher", "county_trainer", "city_editor_other"])
def test_reports_do_not_name_a_private_work_outside_the_scope(client, world, private_work, reader):
    client.force_login(getattr(world, reader))
    for url in REPORTS:
        response = client.get(url)
        assert response.status_code in (200, 302, 403), url
        if response.status_code == 200:
            assert TITLE not in response.content.decode(), url


def test_insiders_still_see_the_work_in_the_reports(client, world, private_work):
    client.force_login(world.county_trainer_other)
    seen = [url for url in REPORTS if TITLE in client.get(url).content.decode()]
    assert "/admin/reports/site-history/" in seen
    # The city's editor (who may unlock) finds it among the locked pages.
    client.force_login(world.city_editor)
    assert TITLE in client.get("/admin/reports/locked/").content.decode()
