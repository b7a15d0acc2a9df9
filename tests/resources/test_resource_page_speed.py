"""A work's page: few queries whoever asks, no database write per view, and the views still
reach "most viewed" (counted in the cache, moved to the database in batches)."""

import pytest

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from resources.models import GeneratedResourcePage
from resources.view_counts import resource_views_flush
from tests.factories import GeneratedResourcePageFactory, UserFactory, attach

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "resource-page-tests"}}
MAX_QUERIES = 8


@pytest.fixture(autouse=True)
def real_cache():
    from django.core.cache import cache

    with override_settings(CACHES=LOCMEM, PAGE_CACHE_SECONDS=300):
        cache.clear()
        yield
        cache.clear()


@pytest.fixture
def work(library):
    page = GeneratedResourcePageFactory(parent=library, title="热门的教学设计")
    page.tags.add("核心素养")
    page.save()
    attach(page)
    GeneratedResourcePageFactory(parent=library, title="同学科的另一份设计")  # a related work
    return page


def sql_of(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in ctx.captured_queries]


def test_anonymous_view_runs_at_most_eight_queries_and_writes_nothing(client, library, work):
    client.get(library.url)  # per-process caches (content types, site root paths)
    response, queries = sql_of(client, work.url)  # the shared part of the page rendered afresh
    html = response.content.decode()
    assert "热门的教学设计" in html and "教案 PDF" in html and "#核心素养" in html and "同学科的另一份设计" in html
    assert len(queries) <= MAX_QUERIES, queries
    assert not [q for q in queries if q.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]
    again, queries = sql_of(client, work.url)
    assert len(queries) <= MAX_QUERIES and "教案 PDF" in again.content.decode()


def test_signed_in_view_runs_at_most_eight_queries_and_writes_nothing(client, library, work):
    client.force_login(UserFactory(username="teacher_speed", role="teacher"))
    client.get(work.url)
    response, queries = sql_of(client, work.url)
    assert "我的作品" in response.content.decode()  # the signed-in header
    assert len(queries) <= MAX_QUERIES, queries
    assert not [q for q in queries if q.lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))]


def test_views_are_counted_shown_and_flushed_to_most_viewed(client, library, work):
    for _ in range(3):
        client.get(work.url)
    assert GeneratedResourcePage.objects.get(pk=work.pk).view_count == 0  # nothing written yet
    assert "<dd>3 次</dd>" in client.get(work.url).content.decode()  # but the page shows them

    assert resource_views_flush() == 4
    assert GeneratedResourcePage.objects.get(pk=work.pk).view_count == 4
    assert resource_views_flush() == 0  # moved once, never twice
    most_viewed = list(client.get("/").context["most_viewed"])
    assert most_viewed[0].title == "热门的教学设计"
    assert list(client.get(library.url, {"sort": "views"}).context["resources"])[0].title == "热门的教学设计"


def test_views_are_flushed_after_a_threshold_without_a_scheduler(client, work, django_capture_on_commit_callbacks):
    with override_settings(RESOURCE_VIEWS_FLUSH_EVERY=3), django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.get(work.url)
    assert GeneratedResourcePage.objects.get(pk=work.pk).view_count == 3


def test_publishing_a_change_shows_at_once(client, work):
    client.get(work.url)
    work.body = [{"type": "paragraph", "value": "<p>修订后的教学目标。</p>"}]
    work.save_revision().publish()
    assert "修订后的教学目标" in client.get(work.url).content.decode()
