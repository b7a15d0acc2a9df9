"""A three-node Elasticsearch cluster with one replica keeps search and indexing going while any
one node is stopped (docs/deploy.md). The test starts its OWN cluster
(``ES_NODES=3 services/elasticsearch/start.sh`` on ports 9311-9313, transport 9411-9413), never the
shared node, indexes through the project's outbox delivery, and stops each node in turn.

It takes minutes (three JVMs start, and each stopped node is brought back and the cluster waits
for green), so it is not part of ``make test``: ``make es-cluster-test`` runs it
(``ES_CLUSTER_TEST=1``).
"""

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest

from search.backends import elasticsearch as es
from search.models import SearchOutbox

ROOT = Path(__file__).resolve().parents[2]
NODES = 3
HTTP_PORT = int(os.environ.get("ES_CLUSTER_TEST_PORT", "9311"))
URLS = [f"http://127.0.0.1:{HTTP_PORT + i}" for i in range(NODES)]

# Collected only with ES_CLUSTER_TEST=1 (tests/search/conftest.py), never skipped.
pytestmark = [pytest.mark.django_db]


def cluster_script(name: str, run_dir: str, node: int | None = None) -> str:
    env = {**os.environ, "ES_NODES": str(NODES), "ES_PORT": str(HTTP_PORT), "ES_RUN_DIR": run_dir}
    env.pop("ES_SETTINGS", None)
    if node is not None:
        env["ES_NODE"] = str(node)
    bash = shutil.which("bash") or "/bin/bash"
    done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [bash, str(ROOT / f"services/elasticsearch/{name}.sh")], env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


@pytest.fixture(scope="module")
def cluster():
    run_dir = tempfile.mkdtemp(prefix="rtpt-es-cluster-")
    try:
        out = cluster_script("start", run_dir)
        assert f"ELASTICSEARCH_URL={','.join(URLS)}" in out
        yield run_dir
    finally:
        cluster_script("stop", run_dir)
        shutil.rmtree(run_dir, ignore_errors=True)


@pytest.fixture
def on_cluster(cluster, settings):
    settings.ELASTICSEARCH_URL = ",".join(URLS)
    settings.SEARCH_ES_REPLICAS = 1
    settings.SEARCH_ES_REFRESH = True
    # Three JVMs on a small shared machine answer slowly at times; a stopped node refuses at
    # once, so this only keeps a slow answer from counting as a failure.
    settings.SEARCH_ES_TIMEOUT = 15
    settings.SEARCH_INDEX_PREFIX = f"rtpt-cluster-{uuid.uuid4().hex[:8]}"
    es.mark_up()
    yield cluster
    es.mark_up()
    es.drop_all()


def health(url: str, **wait) -> dict:
    """Cluster health as one node sees it (waits server-side for what ``wait`` asks)."""
    from elasticsearch import Elasticsearch

    return Elasticsearch(url, request_timeout=150).cluster.health(timeout="120s", **wait).body


def searched_ids(client, q: str) -> list[int]:
    response = client.get("/api/search/", {"q": q})
    assert response.status_code == 200
    # Answered by the cluster, not by the database fallback.
    assert response["X-Search-Backend"] == "elasticsearch"
    return sorted(r["id"] for r in response.json()["results"])


def delivered_to_es(page) -> bool:
    return not SearchOutbox.objects.filter(page_id=page.pk, es_delivered=False).exists()


def test_any_one_node_can_stop_search_and_indexing_go_on(client, publish, on_cluster):
    first = publish(title="集群正常时发布的微课")
    assert delivered_to_es(first)
    index = es.alias_indices()[0]
    assert es.client().indices.get_settings(index=index).body[index]["settings"]["index"]["number_of_replicas"] == "1"
    assert health(URLS[0], wait_for_status="green", wait_for_nodes=NODES)["status"] == "green"
    published = [first]

    for node in range(1, NODES + 1):
        cluster_script("stop", on_cluster, node=node)
        survivor = URLS[node % NODES]
        after = health(survivor, wait_for_nodes=NODES - 1, wait_for_status="yellow")
        assert after["number_of_nodes"] == NODES - 1
        assert after["status"] in ("green", "yellow")  # every shard still has a copy

        # Search answers from the cluster, with everything indexed so far.
        assert searched_ids(client, "微课") == sorted(p.pk for p in published)
        # Indexing: a new resource reaches the index at once through the outbox delivery,
        # whichever node the client tried first; the circuit breaker never opened.
        page = publish(title=f"第{node}号节点停机时发布的微课")
        assert delivered_to_es(page)
        assert es.available()
        published.append(page)
        assert searched_ids(client, "微课") == sorted(p.pk for p in published)

        cluster_script("start", on_cluster, node=node)
        back = health(URLS[node - 1], wait_for_nodes=NODES, wait_for_status="green")
        assert back["number_of_nodes"] == NODES
        assert back["status"] == "green"

    assert searched_ids(client, "停机") == sorted(p.pk for p in published[1:])
