"""Suggestions while typing (输入提示, ``GET /api/search/suggest/``): titles of public works,
tags in use on public works and taxonomy names; never a draft, private or restricted title."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from search import suggest

pytestmark = pytest.mark.django_db

URL = "/api/search/suggest/"


@pytest.fixture(autouse=True)
def _fresh_taxonomy(database_backend):
    # Taxonomy names are kept per process for a while; each test reads its own database.
    suggest._taxonomy["loaded"] = 0.0
    yield
    suggest._taxonomy["loaded"] = 0.0


def texts(client, q: str, kind: str | None = None) -> list[str]:
    response = client.get(URL, {"q": q})
    assert response.status_code == 200, response.content
    return [s["text"] for s in response.json()["suggestions"] if kind is None or s["type"] == kind]


def test_titles_tags_and_taxonomy_names_appear_for_a_prefix(client, publish):
    page = publish(title="勾股定理教学设计", tags=["勾股定理探究"])
    response = client.get(URL, {"q": "勾股"})
    items = response.json()["suggestions"]
    assert {"text": "勾股定理教学设计", "type": "title", "type_label": "作品", "url": page.url} in items
    assert {"text": "勾股定理探究", "type": "tag", "type_label": "标签",
            "url": "/search/?tag=%E5%8B%BE%E8%82%A1%E5%AE%9A%E7%90%86%E6%8E%A2%E7%A9%B6"} in items  # fmt: skip
    assert "数学" in texts(client, "数", "subject")
    assert "初中" in texts(client, "初", "stage")
    assert "七年级（初中）" in texts(client, "七年", "grade")
    assert "微课" in texts(client, "微", "kind")


def test_a_word_inside_the_title_traditional_full_width_and_pinyin_initials_find_it(client, publish):
    publish(title="人教版七年级数学有理数教学设计")
    publish(title="勾股定理的证明")
    publish(title="單元整體教學設計範例")
    assert texts(client, "有理数", "title") == ["人教版七年级数学有理数教学设计"]
    assert texts(client, "單元整體", "title") == ["單元整體教學設計範例"]  # traditional typed
    assert texts(client, "单元整体", "title") == ["單元整體教學設計範例"]  # traditional title
    assert texts(client, "ＧＧＤＬ", "title") == ["勾股定理的证明"]  # full-width pinyin initials
    assert texts(client, "ggdl", "title") == ["勾股定理的证明"]
    assert texts(client, "《勾股", "title") == ["勾股定理的证明"]


def test_drafts_private_and_restricted_titles_never_appear(client, publish, committed):
    publish(title="公开的微课设计", tags=["公开标签"])
    publish(title="草稿中的微课设计", live=False, tags=["草稿标签"])
    restricted = publish(title="受限的微课设计", tags=["受限标签"])
    with committed():
        PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    assert texts(client, "微课设计", "title") == ["公开的微课设计"]
    assert texts(client, "公开", "title") == ["公开的微课设计"]
    assert texts(client, "草稿") == []
    assert texts(client, "受限") == []
    assert texts(client, "公开标", "tag") == ["公开标签"]
    # An unpublished work leaves the suggestions at once (the cached answer included).
    public = publish(title="即将撤下的教学反思")
    assert texts(client, "即将") == ["即将撤下的教学反思"]
    with committed():
        public.unpublish()
    assert texts(client, "即将") == []


def test_an_unpublished_title_leaves_a_cached_answer_at_once(client, publish, committed, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    page = publish(title="缓存中的课堂实录")
    assert texts(client, "缓存") == ["缓存中的课堂实录"]
    with CaptureQueriesContext(connection) as cached:
        assert texts(client, "缓存") == ["缓存中的课堂实录"]
    assert len(cached.captured_queries) == 0  # answered from the cache
    with committed():
        page.unpublish()
    assert texts(client, "缓存") == []


def test_the_endpoint_reads_a_bounded_number_of_queries(client, publish):
    for n in range(12):
        publish(title=f"单元整体教学设计第{n}稿", tags=[f"单元标签{n}"])
    texts(client, "单")  # taxonomy names loaded once per process
    with CaptureQueriesContext(connection) as ctx:
        found = texts(client, "单元")
    assert len(found) == suggest.LIMIT
    # The request's site and (with Redis, as in CI) its root page, then tags and titles: a fixed
    # number, whatever the number of works.
    assert len(ctx.captured_queries) <= 4


@pytest.mark.parametrize("q", ["%", "_", "%%__", "'", '"', "' OR 1=1 --", "\\", "\x00勾股", "\u202e勾股", "   ", ""])
def test_hostile_input_gets_an_answer_never_a_500(client, publish, q):
    publish(title="勾股定理教学设计")
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    found = [s["text"] for s in response.json()["suggestions"]]
    if "勾股" in q:
        assert found == ["勾股定理教学设计"]  # control and format characters are dropped
    else:
        assert "勾股定理教学设计" not in found  # wildcards are text, not patterns


def test_overlong_input_is_refused_in_chinese(client):
    response = client.get(URL, {"q": "数" * 101})
    assert response.status_code == 400
    assert "过长" in response.json()["error"]
    assert client.post(URL, {"q": "数"}).status_code == 405


def test_search_boxes_offer_suggestions_and_stay_plain_forms(client, publish):
    html = client.get("/search/", {"q": "勾股"}).content.decode()
    # Both boxes (the header's and the page's) are GET forms to /search/ that the script enhances.
    assert html.count('data-suggest="/api/search/suggest/"') == 2
    assert 'action="/search/" method="get"' in html
    assert "js/suggest.js" in html
