"""Search test helpers: resources are indexed the way production indexes them — the outbox
row is written with the change and delivered when the transaction commits."""

import contextlib
import os
import uuid

import pytest

from tests.factories import GeneratedResourcePageFactory

# The three-node cluster test starts its own JVMs and takes minutes: `make es-cluster-test` runs
# it; `make test` (and CI) leave it out instead of skipping it.
collect_ignore = [] if os.environ.get("ES_CLUSTER_TEST") == "1" else ["test_es_cluster.py"]


@pytest.fixture
def database_backend(settings):
    """Search on the embedded database backend, whatever ELASTICSEARCH_URL says."""
    settings.ELASTICSEARCH_URL = ""
    return settings


@pytest.fixture
def publish(library, django_capture_on_commit_callbacks):
    """Create a resource page under the library and run the commit hooks (delivery)."""

    def make(**kwargs):
        tags = kwargs.pop("tags", None)
        with django_capture_on_commit_callbacks(execute=True):
            page = GeneratedResourcePageFactory(parent=library, **kwargs)
            if tags:
                page.tags.add(*tags)
                page.save()
        return page

    return make


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): ...`` runs the on-commit hooks of what the block wrote."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def es_prefix(settings):
    """A per-test index prefix on the real node, deleted afterwards."""
    from search.backends import elasticsearch as es

    settings.SEARCH_INDEX_PREFIX = f"rtpt-test-{uuid.uuid4().hex[:8]}"
    settings.SEARCH_ES_REFRESH = True
    es.mark_up()
    yield settings.SEARCH_INDEX_PREFIX
    # A test may have pointed the client at a dead or hung node: clean up on the real one.
    settings.ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
    settings.SEARCH_ES_TIMEOUT = 10
    es.mark_up()
    if settings.ELASTICSEARCH_URL:
        with contextlib.suppress(es.Unavailable):
            es.drop_all()


@pytest.fixture(autouse=True)
def _fresh_synonyms():
    """Editors' synonym entries are kept in the process for a while; tests roll the database
    back, so each test starts from the rows it writes."""
    from search.dictionary import forget_editor_rows

    forget_editor_rows()
    yield
    forget_editor_rows()
