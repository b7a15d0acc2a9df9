"""Search on a real Elasticsearch node (``make es`` locally, started by .ci/run in CI):
indexing, Chinese queries, facets, visibility, versions, the outbox while the node is down,
hung or restarted, rebuild through the alias, reconcile. No mocks of Elasticsearch."""

import os
import shutil
import socket
import subprocess
import threading
import time
from io import StringIO
from pathlib import Path
from urllib.parse import urlparse

import pytest

from django.core.management import call_command

from home.models import Subject
from resources.models import GeneratedResourcePage
from search.backends import elasticsearch as es
from search.documents import DocumentBuilder
from search.models import SearchOutbox
from search.services import outbox_deliver_pending, outbox_pending_count, resource_changed

# The module's tests run in any worker (each has its own index prefix); the one that stops and
# restarts the node is ``serial``: `make test` runs it after them, with nothing beside it.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.requires_service("elasticsearch"),
]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _node(es_prefix, settings):
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    return es_prefix


def run_script(name: str, **kwargs):
    """Run services/elasticsearch/<name>.sh (our own script)."""
    bash = shutil.which("bash") or "/bin/bash"
    return subprocess.run([bash, str(ROOT / f"services/elasticsearch/{name}.sh")], check=True, **kwargs)  # noqa: S603


def api(client, **params):
    response = client.get("/api/search/", params)
    assert response.status_code == 200, response.content
    return response


def ids(response) -> list[int]:
    return [r["id"] for r in response.json()["results"]]


def es_count() -> int:
    es.refresh()
    return es.client().count(index=es.alias_name())["count"]


def test_chinese_queries_facets_and_visibility(client, publish):
    page = publish(title="初中数学微课设计与反思", summary="勾股定理的微课，含课后反思。", tags=["微课", "大单元教学"])
    other = publish(title="小学语文识字教学", subject=Subject.objects.get(name="语文"), grade=None)
    draft = publish(title="未发布的数学微课", live=False)
    response = api(client, q="微课")
    assert response["X-Search-Backend"] == "elasticsearch"
    assert ids(response) == [page.pk]  # the draft is indexed as private and never returned
    assert es.client().get(index=es.alias_name(), id=draft.pk)["_source"]["visibility"] == "private"
    for word in ("数学", "反思", "初中数学"):
        assert ids(api(client, q=word)) == [page.pk], word
    # 反思 next to a topic names a kind (教学反思): it ranks, but is not required.
    assert ids(api(client, q="勾股定理 反思"))[0] == page.pk
    assert ids(api(client, q="识字")) == [other.pk]
    hit = api(client, q="勾股定理").json()["results"][0]
    assert "<mark>勾股定理</mark>" in hit["snippet"]
    data = api(client, q="教学").json()
    assert data["count"] == 2
    assert {"value": "湖南省/长沙市", "count": 2} in data["facets"]["region"]
    assert {"value": "数学", "count": 1} in data["facets"]["subject"]
    assert ids(api(client, q="教学", subject="语文")) == [other.pk]
    assert ids(api(client, q="教学", tag="大单元教学")) == [page.pk]
    assert ids(api(client, region="湖南省", kind="teaching_design", sort="newest")) == [other.pk, page.pk]


def test_unpublish_and_delete_reach_the_index(client, publish, committed):
    page = publish(title="即将下线的课堂实录")
    gone = publish(title="即将删除的课堂实录")
    assert set(ids(api(client, q="课堂实录"))) == {page.pk, gone.pk}
    with committed():
        page.unpublish()
    with committed():
        gone.delete()
    assert ids(api(client, q="课堂实录")) == []
    assert not es.client().exists(index=es.alias_name(), id=gone.pk)


def test_an_older_version_never_overwrites_a_newer_one(publish):
    page = publish(title="版本较新的标题")
    doc = DocumentBuilder().build_many([page.pk])[page.pk]
    newest = SearchOutbox.objects.filter(page_id=page.pk).order_by("-id").first().pk
    # A stale worker delivering an older change arrives late: Elasticsearch keeps the newer one.
    es.write_documents({page.pk: {**doc, "title": "过时的标题"}}, versions={page.pk: newest - 1})
    es.refresh()
    assert es.client().get(index=es.alias_name(), id=page.pk)["_source"]["title"] == "版本较新的标题"
    es.write_documents({page.pk: {**doc, "title": "更新的标题"}}, versions={page.pk: newest + 1})
    assert es.client().get(index=es.alias_name(), id=page.pk)["_source"]["title"] == "更新的标题"


def test_hostile_queries_on_elasticsearch(client, publish):
    publish(title="初中数学微课设计")
    for q in ('title:* OR "x" AND (y) [1 TO 2] {!} \\ / ~2 ^3', "数学" * 5000, "\x00微课\x1f", "*", "?", "((((", "💥"):
        response = api(client, q=q)
        assert response["X-Search-Backend"] == "elasticsearch"
        assert isinstance(response.json()["count"], int)
    assert client.get("/search/", {"q": "a:b OR c"}).status_code == 200


def test_unreachable_node_publishing_is_fast_search_falls_back_and_catches_up(client, publish, settings):
    publish(title="节点正常时发布的微课")
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens: connection refused
    es.mark_up()
    page = publish(title="节点宕机时发布的微课")
    # The refused connection opened the breaker: the next publishes and searches skip the node
    # instead of trying it again (no wall-clock bound: the behaviour, not the machine, is tested).
    assert not es.available()
    assert SearchOutbox.objects.filter(page_id=page.pk, es_delivered=False, db_indexed=True).exists()
    response = api(client, q="宕机")
    assert response["X-Search-Backend"] == "database" and ids(response) == [page.pk]
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    es.mark_up()
    report = outbox_deliver_pending()
    assert report.es_delivered == 1 and not SearchOutbox.objects.filter(es_delivered=False).exists()
    response = api(client, q="宕机")
    assert response["X-Search-Backend"] == "elasticsearch" and ids(response) == [page.pk]


def test_hung_node_costs_one_timeout_then_the_breaker_skips_it(client, publish, settings):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    accepted = []

    def accept_and_hold():  # a node that takes connections and never answers
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            accepted.append(conn)

    thread = threading.Thread(target=accept_and_hold, daemon=True)
    thread.start()
    try:
        settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{listener.getsockname()[1]}"
        settings.SEARCH_ES_TIMEOUT = 0.3
        es.mark_up()
        publish(title="挂起时发布的第一篇")
        assert not es.available()  # the one timeout opened the breaker
        for i in range(5):
            publish(title=f"挂起时发布的第{i + 2}篇")
        response = api(client, q="挂起")
        assert response["X-Search-Backend"] == "database" and response.json()["count"] == 6
    finally:
        listener.close()
        for conn in accepted:
            conn.close()
    # One request waited for the timeout and opened the breaker; nothing else touched the node.
    assert len(accepted) == 1
    assert SearchOutbox.objects.filter(es_delivered=False).values("page_id").distinct().count() == 6


def _scripts_env() -> dict:
    url = urlparse(os.environ["ELASTICSEARCH_URL"])
    return {**os.environ, "ES_PORT": str(url.port or 9200)}


def _wait_healthy(timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            health = es.client().cluster.health(wait_for_status="yellow", timeout="2s")
            if health["status"] in ("yellow", "green"):
                return
        except Exception:  # noqa: S110 - the node is still starting
            pass
        time.sleep(1)
    raise AssertionError("Elasticsearch did not come back")


def test_rebuild_switches_the_alias_and_search_answers_meanwhile(client, publish, committed):

    pages = [publish(title=f"整本书阅读教学设计{i}") for i in range(4)]
    old_indices = es.alias_indices()
    seen_during = []
    changed = pages[0]

    builder = DocumentBuilder()

    def build(chunk):
        # Mid-rebuild: the alias still serves the old index, and a change arrives.
        seen_during.append(api(client, q="整本书阅读").json()["count"])
        with committed():
            GeneratedResourcePage.objects.filter(pk=changed.pk).update(title="整本书阅读教学设计（修订）")
            resource_changed(page_id=changed.pk)
        return builder.build_many(chunk)

    index, count, _ = es.rebuild(page_ids=[p.pk for p in pages], build=build, batch_size=2)
    assert count == 4 and seen_during and all(n == 4 for n in seen_during)
    assert es.alias_indices() == [index] and index not in old_indices
    assert not es.client().indices.exists(index=old_indices[0])
    es.refresh()
    assert es.client().get(index=es.alias_name(), id=changed.pk)["_source"]["title"] == "整本书阅读教学设计（修订）"
    assert api(client, q="修订").json()["count"] == 1
    out = StringIO()
    call_command("search_rebuild", "--only", "elasticsearch", "--no-progress", stdout=out)
    assert "已写入 4 篇" in out.getvalue() and outbox_pending_count() == 0


def test_reconcile_reports_and_repairs_differences(publish):
    missing = publish(title="索引里丢失的教学反思")
    stale = publish(title="索引里过期的教学反思")
    publish(title="完好的教学反思")
    client = es.client()
    client.delete(index=es.alias_name(), id=missing.pk, refresh=True)
    client.update(index=es.alias_name(), id=stale.pk, doc={"title": "旧标题", "content_hash": "old"}, refresh=True)
    client.index(index=es.alias_name(), id="987654", document={"id": 987654, "title": "孤儿文档", "visibility": "public"},
                 refresh=True)  # fmt: skip
    out = StringIO()
    call_command("search_reconcile", "--only", "elasticsearch", stdout=out)
    assert "修复缺失 1、过期 1、多余 1" in out.getvalue()
    assert es_count() == 3
    assert client.get(index=es.alias_name(), id=stale.pk)["_source"]["title"] == "索引里过期的教学反思"
    out = StringIO()
    call_command("search_reconcile", "--only", "elasticsearch", stdout=out)
    assert "修复缺失 0、过期 0、多余 0" in out.getvalue()


def test_search_falls_back_when_the_node_fails_mid_request(client, publish, settings):
    publish(title="后备检索的微课")
    assert api(client, q="后备")["X-Search-Backend"] == "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    es.mark_up()
    assert es.available()
    response = api(client, q="后备")
    assert response["X-Search-Backend"] == "database" and response.json()["count"] == 1
    assert not es.available()  # breaker open: the next searches skip the node at once


# Serial: the restart is the most disruptive thing the suite does to the node; every other test
# that uses the node (in this module and elsewhere) must not meet it half-way.
@pytest.mark.serial
def test_node_stopped_and_restarted_nothing_is_lost(client, publish):
    before = publish(title="停机前发布的研修方案")
    env = _scripts_env()
    run_script("stop", env=env, timeout=120)
    try:
        es.mark_up()
        pages = [publish(title="停机期间发布的研修方案0")]
        assert not es.available()  # the refused connection opened the breaker: no wait on the node
        pages += [publish(title=f"停机期间发布的研修方案{i}") for i in range(1, 5)]
        response = api(client, q="研修方案")
        assert response["X-Search-Backend"] == "database" and response.json()["count"] == 6
        with pytest.raises(es.Unavailable):
            es.write_documents({before.pk: None}, versions={before.pk: 10**9})
    finally:
        run_script("start", env=env, timeout=300,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        _wait_healthy()
    # As the drain does every few seconds: probe the node, deliver what is pending. A node just
    # back from a restart may time out its first requests on a busy machine; the drain's next
    # ticks deliver then, so a few ticks are allowed here too.
    delivered = 0
    for _ in range(6):
        if es.probe():
            report = outbox_deliver_pending()
            delivered += report.es_delivered
            if not report.es_pending:
                break
        time.sleep(2)
    # The five published while the node was stopped (and the one before, if a busy node timed it out).
    assert delivered >= 5 and outbox_pending_count() == 0
    response = api(client, q="研修方案")
    assert response["X-Search-Backend"] == "elasticsearch"
    assert set(ids(response)) == {before.pk, *(p.pk for p in pages)}
