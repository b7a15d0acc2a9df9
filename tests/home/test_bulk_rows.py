"""home.bulk.insert_rows: what goes in comes back, whatever the text holds (COPY's text
format on PostgreSQL escapes backslashes, tabs and line breaks)."""

import pytest

from home.bulk import copy_text, insert_rows
from search.models import SearchDocument, SearchTerm

pytestmark = pytest.mark.django_db

TRICKY = ["plain", "tab\there", "line\nbreak", "carriage\rreturn", "back\\slash", "\\N", "中文 词", ""]


def test_rows_with_awkward_text_come_back_unchanged():
    from wagtail.models import Page

    root = Page.objects.get(depth=1)
    SearchDocument.objects.create(page=root, visibility="public", title="t", kind="other", content_hash="x")
    rows = [(root.pk, term, 0.5 + i) for i, term in enumerate(TRICKY)]
    insert_rows(SearchTerm, ("document_id", "term", "weight"), rows)
    stored = set(SearchTerm.objects.values_list("document_id", "term", "weight"))
    assert stored == set(rows)


def test_copy_text_escapes_and_hands_back_what_it_cannot_format():
    assert copy_text([(1, "a\tb\\c\nd", 0.25, None)]) == "1\ta\\tb\\\\c\\nd\t0.25\t\\N\n"
    assert copy_text([(1, float("inf"))]) is None
    assert copy_text([(1, {"json": True})]) is None


def test_rows_from_a_generator_are_all_written_chunk_by_chunk():
    """The search index streams its postings (a generator longer than one chunk)."""
    from wagtail.models import Page

    from home.bulk import CHUNK

    root = Page.objects.get(depth=1)
    SearchDocument.objects.create(page=root, visibility="public", title="t", kind="other", content_hash="x")
    count = CHUNK * 2 + 7
    insert_rows(SearchTerm, ("document_id", "term", "weight"), ((root.pk, f"词{i}", i / 4) for i in range(count)))
    assert SearchTerm.objects.filter(document_id=root.pk).count() == count
    assert SearchTerm.objects.get(document_id=root.pk, term=f"词{count - 1}").weight == (count - 1) / 4
    insert_rows(SearchTerm, ("document_id", "term", "weight"), iter(()))  # nothing to write: no statement
    assert SearchTerm.objects.count() == count
