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


def in_own_connection(fn):
    """Run ``fn`` in a thread of its own: a connection of its own in autocommit, outside the
    test's transaction, so what it writes is committed and seen by every other connection. (A
    transactional test would empty the database when it ends, which the tests after it in the
    same process would miss.)"""
    outcome = {}

    def run():
        try:
            outcome["value"] = fn()
        except Exception as exc:
            outcome["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


@pytest.fixture
def committed_page(db, settings):
    """A work committed for real (the two delivering threads must see it), with a change whose
    delivery is still to come (its outbox row written, no task run yet); removed afterwards."""
    from wagtail.models import PageLogEntry, Revision

    from resources.models import GeneratedResourcePage, ResourceIndexPage

    settings.ELASTICSEARCH_URL = ""

    def create():
        library = ResourceIndexPage.objects.get(slug="library")
        page = GeneratedResourcePageFactory(parent=library, title="并发送达的教案")
        GeneratedResourcePage.objects.filter(pk=page.pk).update(title="并发送达的教案（修订）")
        SearchOutbox.objects.create(page_id=page.pk)
        return page

    page = in_own_connection(create)
    yield page

    def remove():
        GeneratedResourcePage.objects.get(pk=page.pk).delete()
        SearchOutbox.objects.filter(page_id=page.pk).delete()
        Revision.objects.filter(object_id=str(page.pk)).delete()
        PageLogEntry.objects.filter(page_id=page.pk).delete()

    in_own_connection(remove)


@pytest.mark.requires_service("postgres")
def test_the_same_page_delivered_twice_at_once_is_written_once(committed_page, monkeypatch):
    page = committed_page
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
