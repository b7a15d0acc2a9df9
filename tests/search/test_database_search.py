"""Search on the embedded database backend: Chinese segmentation, facets, sorting, snippets,
visibility and the public page and API."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import Stage, Subject
from resources.models import GeneratedResourcePage
from search.models import SearchDocument, SearchOutbox
from search.query import SearchRequest
from search.services import resources_search
from tests.factories import region

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _database(database_backend):
    return database_backend


def ids(response) -> list[int]:
    return [r["id"] for r in response.json()["results"]]


def test_two_character_words_are_found_inside_longer_chinese_runs(client, publish):
    page = publish(title="初中数学微课设计与反思", summary="一节示范课。")
    publish(
        title="小学语文识字教学",
        summary="识字写字。",
        subject=Subject.objects.get(name="语文"),
        stage=Stage.objects.get(name="小学"),
        grade=None,
    )
    for word in ("数学", "微课", "反思", "初中数学", "微课设计"):
        assert ids(client.get("/api/search/", {"q": word})) == [page.pk], word


def test_every_query_word_must_match_across_fields(client, publish):
    both = publish(title="八年级勾股定理教学设计", author_name="王晓燕")
    talk = publish(title="八年级勾股定理说课稿", author_name="李明")
    assert ids(client.get("/api/search/", {"q": "勾股定理 王晓燕"})) == [both.pk]
    # Words found nowhere do not hide the works that have the others (issue 16: most words).
    assert set(ids(client.get("/api/search/", {"q": "勾股定理 不存在的词语"}))) == {both.pk, talk.pk}
    assert ids(client.get("/api/search/", {"q": "不存在的词语"})) == []


def test_title_matches_rank_above_body_matches(client, publish):
    in_body = publish(
        title="数据分析单元案例",
        summary="统计图表。",
        body=[{"type": "paragraph", "value": "<p>本单元也涉及函数图像的初步认识。</p>"}],
    )
    in_title = publish(title="一次函数图像教学设计")
    assert ids(client.get("/api/search/", {"q": "函数图像"})) == [in_title.pk, in_body.pk]


def test_tags_school_and_author_are_searchable(client, publish):
    page = publish(title="作品甲", tags=["大单元教学"], author_name="赵敏")
    assert ids(client.get("/api/search/", {"q": "大单元"})) == [page.pk]
    assert ids(client.get("/api/search/", {"q": "赵敏"})) == [page.pk]
    assert ids(client.get("/api/search/", {"q": page.school.name})) == [page.pk]


def test_only_published_public_works_are_found(client, publish, library, committed):
    public = publish(title="公开的微课设计")
    draft = publish(title="草稿中的微课设计", live=False)
    restricted = publish(title="受限的微课设计")
    from wagtail.models import PageViewRestriction

    with committed():
        PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    assert ids(client.get("/api/search/", {"q": "微课设计"})) == [public.pk]
    assert SearchDocument.objects.get(pk=draft.pk).visibility == "private"
    assert SearchDocument.objects.get(pk=restricted.pk).visibility == "private"
    # Unpublishing hides it at once; publishing again shows it.
    with committed():
        public.unpublish()
    assert ids(client.get("/api/search/", {"q": "微课设计"})) == []
    with committed():
        GeneratedResourcePage.objects.get(pk=draft.pk).save_revision().publish()
    assert ids(client.get("/api/search/", {"q": "微课设计"})) == [draft.pk]


def test_deleted_resources_leave_the_index(client, publish, committed):
    page = publish(title="将被删除的教学反思")
    with committed():
        page.delete()
    assert not SearchDocument.objects.filter(pk=page.pk).exists()
    assert ids(client.get("/api/search/", {"q": "教学反思"})) == []


def test_update_without_signal_is_indexed_through_resource_changed(client, publish, committed):
    from search.services import resource_changed

    page = publish(title="推优的教学设计")
    with committed():
        GeneratedResourcePage.objects.filter(pk=page.pk).update(recommendation_level=2)
        resource_changed(page_id=page.pk)
    assert ids(client.get("/api/search/", {"q": "推优", "level": "2"})) == [page.pk]
    assert client.get("/api/search/", {"q": "推优"}).json()["results"][0]["recommendation_level"] == 2


def test_filters_combine_with_query_and_facets_count(client, publish):
    math, chinese = Subject.objects.get(name="数学"), Subject.objects.get(name="语文")
    junior, primary = Stage.objects.get(name="初中"), Stage.objects.get(name="小学")
    yuelu, heping = region("湖南省/长沙市/岳麓区"), region("天津市/和平区")
    a = publish(title="单元作业设计一", subject=math, stage=junior, region=yuelu, kind="unit_case", tags=["作业设计"])
    b = publish(title="单元作业设计二", subject=chinese, stage=junior, region=yuelu, grade=None)
    c = publish(title="单元作业设计三", subject=math, stage=primary, region=heping, grade=None)
    GeneratedResourcePage.objects.filter(pk=c.pk).update(recommendation_level=3)
    from search.services import outbox_deliver, resource_changed

    resource_changed(page_id=c.pk)
    outbox_deliver(page_ids=[c.pk])

    data = client.get("/api/search/", {"q": "作业设计"}).json()
    assert data["count"] == 3
    facets = data["facets"]
    assert {"value": "数学", "count": 2} in facets["subject"]
    assert {"value": "初中", "count": 2} in facets["stage"]
    assert {"value": "湖南省", "count": 2} in facets["region"]
    assert {"value": "湖南省/长沙市/岳麓区", "count": 2} in facets["region"]
    assert {"value": "天津市", "count": 1} in facets["region"]
    assert {"value": "unit_case", "count": 1} in facets["kind"]
    assert {"value": "作业设计", "count": 1} in facets["tag"]
    assert {"value": "3", "count": 1} in facets["level"] and {"value": "1", "count": 1} in facets["level"]
    assert set(facets) == {"type", "subject", "stage", "grade", "kind", "region", "level", "tag"}
    assert facets["type"] == [{"value": "resource", "count": 3}]

    assert ids(client.get("/api/search/", {"q": "作业设计", "subject": "数学", "stage": "初中"})) == [a.pk]
    assert set(ids(client.get("/api/search/", {"q": "作业设计", "region": "湖南省/长沙市"}))) == {a.pk, b.pk}
    assert ids(client.get("/api/search/", {"q": "作业设计", "region": "天津市"})) == [c.pk]
    assert ids(client.get("/api/search/", {"q": "作业设计", "region": "湖南"})) == []
    assert ids(client.get("/api/search/", {"q": "作业设计", "tag": "作业设计"})) == [a.pk]
    assert ids(client.get("/api/search/", {"q": "作业设计", "kind": "unit_case"})) == [a.pk]
    assert ids(client.get("/api/search/", {"q": "作业设计", "level": "2"})) == [c.pk]
    # Filters alone, no query: browse by facet.
    assert ids(client.get("/api/search/", {"subject": "语文"})) == [b.pk]


def test_sorting_and_pagination(client, publish):
    from datetime import timedelta

    from django.utils import timezone

    pages = []
    for i in range(5):
        page = publish(title=f"古诗词教学设计第{i}篇", first_published_at=timezone.now() - timedelta(days=5 - i))
        pages.append(page)
    GeneratedResourcePage.objects.filter(pk=pages[1].pk).update(recommendation_level=4)
    from search.services import outbox_deliver, resource_changed

    resource_changed(page_id=pages[1].pk)
    outbox_deliver(page_ids=[pages[1].pk])
    newest = ids(client.get("/api/search/", {"q": "古诗词", "sort": "newest"}))
    assert newest == [p.pk for p in reversed(pages)]
    assert ids(client.get("/api/search/", {"q": "古诗词", "sort": "level"}))[0] == pages[1].pk
    first = client.get("/api/search/", {"q": "古诗词", "sort": "newest", "page_size": 2, "page": 1}).json()
    third = client.get("/api/search/", {"q": "古诗词", "sort": "newest", "page_size": 2, "page": 3}).json()
    assert first["count"] == 5 and len(first["results"]) == 2
    assert [r["id"] for r in third["results"]] == [pages[0].pk]
    assert client.get("/api/search/", {"q": "古诗词", "page": 9}).json()["results"] == []


def test_api_result_shape_and_highlighted_snippet(client, publish):
    page = publish(title="《背影》教学设计", summary="通过细节描写体会父爱，<b>学习</b>朴素的语言。")
    data = client.get("/api/search/", {"q": "父爱"}).json()
    assert list(data) == ["count", "results", "facets", "did_you_mean"] and data["did_you_mean"] is None
    hit = data["results"][0]
    assert set(hit) == {"id", "type", "title", "url", "snippet", "kind", "subject", "stage", "region",
                        "recommendation_level"}  # fmt: skip
    assert hit["type"] == "resource"
    assert hit["id"] == page.pk and hit["url"] == page.url and hit["kind"] == "teaching_design"
    assert hit["subject"] == "数学" and hit["stage"] == "初中" and hit["region"] == "湖南省/长沙市/岳麓区"
    assert "<mark>父爱</mark>" in hit["snippet"]
    assert "&lt;b&gt;" in hit["snippet"]  # the work's own markup is escaped


@pytest.mark.parametrize(
    "params",
    [
        {"q": 'title:* OR "x" AND (y) [1 TO 2] {!} \\ / ~2 ^3'},
        {"q": "数学" * 5000},
        {"q": "\x00\x01\x1f微课\u202e\ufeff"},
        {"q": "<script>alert(1)</script>"},
        {"q": "'; DROP TABLE search_searchdocument; --"},
        {"q": "%%%___***"},
        {"q": 'NEAR("微课" 数学, 2) AND NOT -初中* OR title:微课 ^'},
        {"q": "微课", "subject": "不存在的学科", "region": "火星/////", "tag": "x" * 1000},
        {"q": "微课", "kind": "no_such_kind"},
        {"q": "\ud800" if False else "🙂😀 emoji"},
    ],
)
def test_hostile_queries_are_answered(client, publish, params):
    publish(title="初中数学微课设计")
    response = client.get("/api/search/", params)
    assert response.status_code == 200
    assert isinstance(response.json()["count"], int)
    page = client.get("/search/", params)
    assert page.status_code == 200


@pytest.mark.parametrize(
    "params, message",
    [
        ({"sort": "random"}, "sort"),
        ({"page": "-1"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page_size": "1000"}, "page_size"),
        ({"level": "9"}, "level"),
        ({"page": "900", "page_size": "100"}, "10000"),
        ({"subject": "数学\x00"}, "subject"),
    ],
)
def test_malformed_parameters_are_a_400_with_a_message(client, params, message):
    response = client.get("/api/search/", params)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert client.get("/search/", params).status_code == 200


def test_unknown_taxonomy_values_give_an_empty_result(client, publish):
    publish(title="初中数学微课设计")
    for params in ({"subject": "天文学"}, {"kind": "podcast"}, {"region": "火星"}, {"tag": "无此标签"}):
        data = client.get("/api/search/", {"q": "微课", **params}).json()
        assert data["count"] == 0 and data["results"] == [], params


def test_search_page_shows_highlighted_results_and_facet_links(client, publish):
    publish(title="初中数学微课设计与反思", summary="微课的录制与反思。", tags=["微课"])
    publish(title="初中物理实验微课", subject=Subject.objects.get(name="物理"))
    html = client.get("/search/", {"q": "微课"}).content.decode()
    assert "共找到 <strong>2</strong> 条结果" in html
    assert "<mark>微课</mark>" in html
    assert "学科" in html and "?q=%E5%BE%AE%E8%AF%BE&amp;subject=%E6%95%B0%E5%AD%A6" in html
    assert "(1)" in html
    filtered = client.get("/search/", {"q": "微课", "subject": "数学"}).content.decode()
    assert "共找到 <strong>1</strong> 条结果" in filtered and "取消学科筛选" in filtered
    assert client.get("/search/").status_code == 200


def test_search_query_count_is_constant(client, publish):
    for i in range(3):
        publish(title=f"校本研修方案{i}", tags=["校本研修", f"标签{i}"])
    request = SearchRequest.from_params({"q": "校本研修", "subject": "数学"})
    resources_search(request=request)  # loads the editors' synonym entries (cached afterwards)
    with CaptureQueriesContext(connection) as few:
        resources_search(request=request)
    for i in range(3, 8):
        publish(title=f"校本研修方案{i}", tags=["校本研修", f"标签{i}"])
    with CaptureQueriesContext(connection) as many:
        result = resources_search(request=request)
    assert result.count == 8
    assert len(many) == len(few) <= 6


def test_outbox_row_is_written_in_the_same_transaction(library, django_capture_on_commit_callbacks):
    from django.db import transaction

    from tests.factories import GeneratedResourcePageFactory

    with pytest.raises(RuntimeError), transaction.atomic():
        page = GeneratedResourcePageFactory(parent=library, title="回滚的资源")
        assert SearchOutbox.objects.filter(page_id=page.pk).exists()
        raise RuntimeError("roll back")
    assert not SearchOutbox.objects.exists()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = GeneratedResourcePageFactory(parent=library, title="提交的资源")
    assert SearchOutbox.objects.filter(page_id=page.pk, db_indexed=False).exists()
    assert callbacks, "delivery is enqueued on commit"


def test_bulk_import_is_indexed(client, library, committed):
    import json

    from resources.services import resources_import

    lines = [
        json.dumps(
            {
                "external_id": f"imp-{i}",
                "kind": "micro_course",
                "title": f"导入的微课{i}号",
                "subject": "数学",
                "stage": "初中",
                "region": "湖南省/长沙市/岳麓区",
                "tags": ["导入"],
            },
            ensure_ascii=False,
        )
        for i in range(3)
    ]
    with committed():
        result = resources_import(lines=lines)
    assert result.created == 3
    data = client.get("/api/search/", {"q": "导入 微课"}).json()
    assert data["count"] == 3 and {"value": "导入", "count": 3} in data["facets"]["tag"]


def test_rebuild_and_reconcile_commands_repair_the_database_index(publish):
    from io import StringIO

    from django.core.management import call_command

    kept = publish(title="保留的教学设计")
    gone = publish(title="过期的教学设计")
    SearchDocument.objects.filter(pk=kept.pk).update(content_hash="stale")
    SearchDocument.objects.filter(pk=gone.pk).delete()
    out = StringIO()
    call_command("search_reconcile", "--only", "database", stdout=out)
    assert "缺失 1、过期 1、多余 0" in out.getvalue()
    out = StringIO()
    call_command("search_reconcile", "--only", "database", stdout=out)
    assert "缺失 0、过期 0、多余 0" in out.getvalue()
    SearchDocument.objects.all().delete()
    out = StringIO()
    call_command("search_rebuild", "--only", "database", stdout=out)
    assert "已重建 2 篇" in out.getvalue()
    assert SearchDocument.objects.count() == 2


def test_reconcile_restores_lost_full_text_entries(client, publish):
    from io import StringIO

    from django.core.management import call_command

    from search.backends import database
    from search.models import SearchTerm

    page = publish(title="丢失索引的单元整体教学设计")
    # The document row stays but its full-text entries are gone (a hand-edited database).
    if database.uses_fts():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_fts WHERE rowid = %s", [page.pk])
            cursor.execute("INSERT INTO search_fts (rowid, title) VALUES (%s, %s)", [987654, "孤儿"])
    else:
        SearchTerm.objects.filter(document_id=page.pk).delete()
    assert ids(client.get("/api/search/", {"q": "单元整体"})) == []
    out = StringIO()
    call_command("search_reconcile", "--only", "database", stdout=out)
    assert "过期 1" in out.getvalue()
    assert ids(client.get("/api/search/", {"q": "单元整体"})) == [page.pk]
    assert database.text_index_ids() == {page.pk}
    out = StringIO()
    call_command("search_reconcile", "--only", "database", stdout=out)
    assert "缺失 0、过期 0、多余 0" in out.getvalue()


def test_publishing_records_one_change_and_is_searchable_at_once(client, publish, committed):
    page = publish(title="待发布的课堂实录", live=False)
    before = SearchOutbox.objects.filter(page_id=page.pk).count()
    with committed():
        GeneratedResourcePage.objects.get(pk=page.pk).save_revision().publish()
    # post_save recorded the publish; Wagtail's page_published signal right after adds no second row.
    assert SearchOutbox.objects.filter(page_id=page.pk).count() == before + 1
    assert not SearchOutbox.objects.filter(db_indexed=False).exists()
    assert ids(client.get("/api/search/", {"q": "课堂实录"})) == [page.pk]
