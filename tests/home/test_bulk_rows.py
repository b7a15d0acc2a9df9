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


def test_postings_formatted_directly_are_the_rows_postings_gives():
    """The PostgreSQL index writes a document's postings as COPY text it builds itself; they
    must be exactly the rows ``postings`` describes (a term is escaped as ``copy_text`` does)."""
    from django.db import connection

    from wagtail.models import Page

    from search.backends.database import _term_field, index_documents, postings, postings_copy_text

    doc = {
        "title": "初中数学微课设计 C\\D",
        "tags": ["课堂观察", "微课"],
        "author": "王老师",
        "school": "长沙市第一中学",
        "summary": "函数图像的教学设计",
        "subject": "数学",
        "stage": "初中",
        "grade": "八年级",
        "kind": "micro_course",
        "region": "湖南省/长沙市",
        "body": "一次函数的图像与性质。数学 数学 数学",
        "url": "/library/r-1/",
        "visibility": "public",
        "recommendation_level": 0,
        "published_at": None,
        "content_hash": "",
    }
    expected = postings(doc)
    assert len(expected) > 10
    assert _term_field("a\\b") == copy_text([("a\\b",)]).rstrip("\n") == "a\\\\b"
    assert copy_text([(7, term, weight) for term, weight in expected.items()]) == postings_copy_text(7, doc)
    if connection.vendor == "postgresql":
        root = Page.objects.get(depth=1)
        index_documents({root.pk: doc})
        stored = dict(SearchTerm.objects.filter(document_id=root.pk).values_list("term", "weight"))
        assert stored == expected
