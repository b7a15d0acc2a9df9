"""The chaos run's verdict (``make chaos``, benchmarks/chaos.py) comes from ``index_state``:
pages as they are against what each index holds. The script itself needs its own services and
minutes, so it is not part of the suite; its measuring is, here, on the database index — so a
renamed service it reads fails a test instead of the next chaos run."""

import importlib.util
from pathlib import Path

import pytest

from resources.models import GeneratedResourcePage
from search.models import SearchDocument

pytestmark = pytest.mark.django_db

CHAOS = Path(__file__).resolve().parents[2] / "benchmarks" / "chaos.py"


@pytest.fixture
def index_state(database_backend):
    spec = importlib.util.spec_from_file_location("chaos_script", CHAOS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    def measure():
        state = module.index_state()
        return state["database"] | {"published": state["published"]}

    return measure


def test_a_delivered_library_is_counted_whole(publish, index_state):
    publish(title="分层作业设计")
    publish(title="单元整体教学案例")
    assert index_state() == {"published": 2, "indexed": 2, "lost": 0, "stale": 0, "unpublished_searchable": 0}


def test_changes_the_index_never_heard_of_are_counted(publish, index_state):
    lost, stale, unpublished = (publish(title=f"第{n}课时教学设计") for n in (1, 2, 3))
    SearchDocument.objects.filter(pk=lost.pk).delete()
    GeneratedResourcePage.objects.filter(pk=stale.pk).update(title="第2课时教学设计（修订）")
    GeneratedResourcePage.objects.filter(pk=unpublished.pk).update(live=False)
    # The unpublished work's document is stale as well: it still says public.
    assert index_state() == {"published": 2, "indexed": 2, "lost": 1, "stale": 2, "unpublished_searchable": 1}
