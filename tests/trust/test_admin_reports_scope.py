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


LEDGER_MARKER = "芙蓉一中 学分更正标记"


@pytest.fixture
def logged_credit_correction(world):
    """A credit entry of a 芙蓉区 teacher, corrected in the admin by the city's editor. The log
    entry's label (Wagtail stores the object's name at the time) is made a marker."""
    from wagtail.log_actions import log
    from wagtail.models import ModelLogEntry

    from credits.models import CreditEntry

    entry = CreditEntry.objects.create(
        teacher=world.teacher_other, source="course", amount=2, description="完成课程", source_key="c:marker"
    )
    log(instance=entry, action="wagtail.edit", user=world.city_editor)
    ModelLogEntry.objects.filter(object_id=str(entry.pk)).update(label=LEDGER_MARKER)
    return entry


def _site_history(client, user) -> str:
    client.force_login(user)
    pages = []
    for url in ("/admin/reports/site-history/", "/admin/reports/site-history/results/"):
        response = client.get(url)
        assert response.status_code == 200, url
        pages.append(response.content.decode())
    export = client.get("/admin/reports/site-history/", {"export": "csv"})
    assert export.status_code == 200
    pages.append(b"".join(export.streaming_content).decode("utf-8-sig"))
    return "\n".join(pages)


@pytest.mark.parametrize("reader", ["county_trainer", "school_trainer", "city_editor_other", "province_editor_other"])
def test_site_history_does_not_name_a_ledger_change_outside_the_scope(client, world, logged_credit_correction, reader):
    # Each of these may view the credit ledger of their own scope, which 芙蓉区 is not in.
    assert LEDGER_MARKER not in _site_history(client, getattr(world, reader))


@pytest.mark.parametrize("reader", ["county_trainer_other", "school_trainer_b", "city_editor", "province_editor"])
def test_site_history_names_a_ledger_change_to_those_who_oversee_it(client, world, logged_credit_correction, reader):
    assert LEDGER_MARKER in _site_history(client, getattr(world, reader))
