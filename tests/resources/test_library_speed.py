"""Uncached pages that stay cheap: with the anonymous page cache off (or for a signed-in user),
the library's listing comes from its fragment cache and a work's page from its routed copy,
and neither ever shows anything stale or restricted."""

from urllib.parse import quote

import pytest

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from home.models import Stage
from resources.view_counts import resource_views_flush
from tests.factories import GeneratedResourcePageFactory, UserFactory

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "library-speed-tests"}}


@pytest.fixture(autouse=True)
def fragment_cache_only():
    """A real cache, and the whole-page cache off: every request renders."""
    from django.core.cache import cache

    with override_settings(CACHES=LOCMEM, PAGE_CACHE_SECONDS=0):
        cache.clear()
        yield
        cache.clear()


@pytest.fixture
def works(library):
    junior = Stage.objects.get(name="初中")
    primary = Stage.objects.get(name="小学")
    return [
        GeneratedResourcePageFactory(parent=library, title="初中的教学设计", stage=junior),
        GeneratedResourcePageFactory(parent=library, title="小学的教学设计", stage=primary, grade=None),
    ]


def get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in ctx.captured_queries]


def test_an_anonymous_listing_runs_no_sql_once_rendered(client, library, works):
    first, _ = get(client, library.url)
    html, queries = get(client, library.url)
    assert queries == []
    assert html == first and "初中的教学设计" in html and "共找到 <strong>2</strong> 份资源" in html


def test_each_set_of_filters_and_page_is_its_own_listing(client, library, works):
    client.get(library.url)
    junior, _ = get(client, f"{library.url}?stage={quote('初中')}")
    assert "初中的教学设计" in junior and "小学的教学设计" not in junior
    assert '<option value="初中" selected>' in junior
    second_page, _ = get(client, f"{library.url}?page=2")  # one past the end: the last page
    assert "小学的教学设计" in second_page


def test_a_published_work_shows_in_the_listing_at_once(client, library, works):
    client.get(library.url)
    new = GeneratedResourcePageFactory(parent=library, title="刚发布的单元案例", live=False)
    new.save_revision().publish()
    html, _ = get(client, library.url)
    assert "刚发布的单元案例" in html and "共找到 <strong>3</strong> 份资源" in html


def test_a_signed_in_user_gets_the_shared_listing_with_their_own_header(client, library, works):
    client.get(library.url)  # rendered for an anonymous visitor
    client.force_login(UserFactory(username="teacher_listing", role="teacher"))
    client.get(library.url)
    html, queries = get(client, library.url)
    assert "我的作品" in html and "初中的教学设计" in html
    assert len(queries) <= 3, queries  # the session's user and profile; no listing query


def test_a_work_page_runs_one_query_once_routed(client, library, works):
    work = works[0]
    client.get(work.url)
    html, queries = get(client, work.url)
    assert "初中的教学设计" in html
    assert len(queries) == 1 and "view_count" in queries[0], queries  # the stored count, fresh
    assert "JOIN" not in queries[0].upper()  # one row of one table
    assert not [q for q in queries if q.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]


def test_the_view_count_stays_right_across_a_flush(client, library, works):
    work = works[0]
    for _ in range(3):
        client.get(work.url)
    assert resource_views_flush() == 3
    html, _ = get(client, work.url)  # the routed copy was cached before the flush (count 0)
    assert "<dd>3 次</dd>" in html  # this view is counted after the page is rendered


def test_a_restriction_added_later_applies_at_once(client, library, works):
    work = works[0]
    client.get(library.url)
    client.get(work.url)
    PageViewRestriction.objects.create(page=work, restriction_type=PageViewRestriction.PASSWORD, password="x1")
    html, _ = get(client, work.url)
    assert "密码" in html and "初中的教学设计</h1>" not in html
    PageViewRestriction.objects.create(page=library, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(library.url).status_code == 302  # to the sign-in page


def test_an_alias_of_a_restricted_work_is_restricted(client, library, works):
    work = works[0]
    PageViewRestriction.objects.create(page=work, restriction_type=PageViewRestriction.LOGIN)
    client.get(library.url)
    client.get(works[1].url)  # the "nothing restricted here" answer is cached
    alias = work.create_alias(parent=library, update_slug="alias-of-restricted")
    assert client.get(alias.url).status_code == 302
