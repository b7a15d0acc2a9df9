"""Delivery under concurrency, on the real services: the same page delivered twice at once
(PostgreSQL) writes once without an error, and several worker processes that start at once
on a fresh index prefix (Elasticsearch) leave exactly one index under the alias."""

import multiprocessing
import os
import threading
import uuid

import pytest

from django.db import connection

from search import services
from search.backends import database
from search.backends import elasticsearch as es
from search.documents import DocumentBuilder
from search.models import SearchDocument, SearchOutbox
from tests.factories import GeneratedResourcePageFactory


@pytest.mark.requires_service("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_page_delivered_twice_at_once_is_written_once(settings, monkeypatch):
    from resources.models import GeneratedResourcePage, ResourceIndexPage

    settings.ELASTICSEARCH_URL = ""
    page = GeneratedResourcePageFactory(parent=ResourceIndexPage.objects.get(slug="library"), title="并发送达的教案")
    # A change whose delivery is still to come (its row written, no task run yet).
    GeneratedResourcePage.objects.filter(pk=page.pk).update(title="并发送达的教案（修订）")
    SearchOutbox.objects.create(page_id=page.pk)
    # Both deliveries have read the pending rows and built the document before either writes.
    both_built = threading.Barrier(2, timeout=30)
    build_many = DocumentBuilder.build_many

    def build_then_wait(self, ids):
        docs = build_many(self, ids)
        both_built.wait()
        return docs

    writes = []
    index_documents = database.index_documents

    def counting_index_documents(docs, **kwargs):
        writes.append(sorted(docs))
        return index_documents(docs, **kwargs)

    monkeypatch.setattr(DocumentBuilder, "build_many", build_then_wait)
    monkeypatch.setattr(database, "index_documents", counting_index_documents)
    errors = []

    def deliver():
        try:
            services.outbox_deliver(page_ids=[page.pk])
        except Exception as exc:  # a duplicate key would land here
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert writes == [[page.pk]]
    assert SearchDocument.objects.get(pk=page.pk).title == "并发送达的教案（修订）"
    assert not SearchOutbox.objects.filter(page_id=page.pk, db_indexed=False).exists()


def _start_worker(alias_barrier, results):
    """A freshly started worker: its own client, then the first write of a delivery."""
    try:
        es._client.cache_clear()
        es._ensured.clear()
        alias_barrier.wait()
        es.ensure_alias()
        results.put("ok")
    except Exception as exc:
        results.put(repr(exc))
    finally:
        os._exit(0)


@pytest.mark.requires_service("elasticsearch")
def test_workers_starting_at_once_on_a_fresh_prefix_share_one_index(settings):
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    settings.SEARCH_INDEX_PREFIX = f"rtpt-test-{uuid.uuid4().hex[:8]}"
    es.mark_up()
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(4, timeout=60), context.SimpleQueue()
    workers = [context.Process(target=_start_worker, args=(barrier, results)) for _ in range(4)]
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        outcomes = [results.get() for _ in workers]
        assert outcomes == ["ok"] * 4
        assert len(es.alias_indices()) == 1
        es._ensured.clear()
        # Writes through the alias work (with two indices under it they fail with HTTP 400).
        assert es.write_documents({123456: None}, versions={123456: 1}) == 0
    finally:
        es.drop_all()
