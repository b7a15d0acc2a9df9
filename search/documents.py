"""The search document of a page: one plain dict, built from the database as committed, that
both backends index (the database index and Elasticsearch). Resources are built here; the
portal's other public pages (courses, micro-lectures, recordings, cases, workshops) in
``search.sources``, in the same shape with their own ``type``."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable

from wagtail.models import Site

from home.text import stream_text
from home.visibility import path_is_public, restricted_paths
from resources.models import GeneratedResourcePage, ResourceKind, ResourceTag

from .models import DocumentType, Visibility
from .sources import build_other
from .text import _tokenizer, segment

# Field boosts, shared by both backends.
BOOSTS = {"title": 5.0, "tags": 4.0, "author": 3.0, "school": 2.0, "summary": 2.0, "meta": 1.0, "body": 1.0}
FACETS = ("type", "subject", "stage", "grade", "kind", "region", "level", "tag")


def body_text(page: GeneratedResourcePage) -> str:
    return stream_text(page.body)


def region_paths(path: str) -> list[str]:
    """ "湖南省/长沙市/岳麓区" → ["湖南省", "湖南省/长沙市", "湖南省/长沙市/岳麓区"]."""
    parts = [p for p in (path or "").split("/") if p]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


class DocumentBuilder:
    """Builds documents for many pages with a fixed number of queries (bulk rebuilds): resources
    here, every other indexed page type through ``search.sources``. A page that no longer exists
    (or is of a type that is not indexed) gets no document: delivery deletes it."""

    def __init__(self):
        self.roots = [(root_path, root_url) for _, root_path, root_url, _ in Site.get_site_root_paths()]
        self.restricted = restricted_paths()

    # What a document is built from, read as plain rows: building model instances (Wagtail's
    # and modelcluster's __init__) cost more than the rest of the document.
    FIELDS = (
        "pk",
        "title",
        "summary",
        "body",
        "url_path",
        "path",
        "live",
        "first_published_at",
        "created_at",
        "kind",
        "subject__name",
        "stage__name",
        "grade__name",
        "region__path",
        "school__name",
        "author_name",
        "recommendation_level",
    )

    def url(self, url_path: str) -> str:
        for root_path, _root_url in self.roots:
            if url_path.startswith(root_path):
                return url_path[len(root_path) - 1 :]
        return ""

    def visibility(self, *, live: bool, path: str) -> str:
        if path_is_public(live=live, path=path, restricted=self.restricted):
            return Visibility.PUBLIC
        return Visibility.PRIVATE

    def build(self, row: dict, tags: list[str]) -> dict:
        """The document of one resource from its row (``FIELDS``) and tag names."""
        published = row["first_published_at"] or row["created_at"]
        doc = {
            "id": row["pk"],
            "type": str(DocumentType.RESOURCE),
            "title": row["title"],
            "summary": row["summary"] or "",
            "body": stream_text(row["body"]),
            "url": self.url(row["url_path"]),
            "kind": row["kind"],
            "subject": row["subject__name"] or "",
            "stage": row["stage__name"] or "",
            "grade": row["grade__name"] or "",
            "region": row["region__path"] or "",
            "school": row["school__name"] or "",
            "author": row["author_name"] or "",
            "tags": sorted(tags),
            "recommendation_level": int(row["recommendation_level"] or 0),
            "visibility": str(self.visibility(live=row["live"], path=row["path"])),
            "published_at": published.isoformat() if published else None,
        }
        doc["content_hash"] = content_hash(doc)
        return doc

    def build_many(self, page_ids: Iterable[int]) -> dict[int, dict]:
        ids = list(page_ids)
        # Tag names in one plain query: taggit's prefetch builds a queryset per page.
        tags: dict[int, list[str]] = {}
        for page_id, name in ResourceTag.objects.filter(content_object_id__in=ids).values_list(
            "content_object_id", "tag__name"
        ):
            tags.setdefault(page_id, []).append(name)
        rows = GeneratedResourcePage.objects.filter(pk__in=ids).values(*self.FIELDS)
        docs = {row["pk"]: self.build(row, tags.get(row["pk"], [])) for row in rows}
        others = [pk for pk in ids if pk not in docs]
        if others:
            for pk, doc in build_other(self, others).items():
                doc["content_hash"] = content_hash(doc)
                docs[pk] = doc
        return docs


def content_hash(doc: dict) -> str:
    payload = {k: v for k, v in doc.items() if k != "content_hash"}
    return hashlib.sha1(
        json.dumps(payload, sort_keys=True, ensure_ascii=False).encode(), usedforsecurity=False
    ).hexdigest()


def searchable_fields(doc: dict) -> dict[str, str]:
    """The text of each boosted field ("meta" carries the taxonomy names, so "初中数学" finds
    a junior-school maths work whose title does not say so)."""
    return {
        "title": doc["title"],
        "tags": " ".join(doc["tags"]),
        "author": doc["author"],
        "school": doc["school"],
        "summary": doc["summary"],
        "meta": " ".join(
            [
                doc["subject"],
                doc["stage"],
                doc["grade"],
                # A resource is named by its kind (教学设计 …), another page by its type (微课 …).
                str(ResourceKind(doc["kind"]).label) if doc["kind"] in ResourceKind.values else type_meta(doc),
            ]
            + doc["region"].split("/")
        ),
        "body": doc["body"],
    }


def type_meta(doc: dict) -> str:
    """What a page that is not a resource is called (微课, 课堂实录 …), so that the word finds it;
    a resource is named by its kind instead."""
    kind = doc.get("type", DocumentType.RESOURCE)
    return "" if kind == DocumentType.RESOURCE else str(DocumentType(kind).label)


def segmented_fields(doc: dict) -> dict[str, str]:
    """Each boosted field's text as jieba tokens separated by spaces: what every index
    (Elasticsearch, FTS5, the postings table) stores.

    Delivery writes the same documents to the database index and then to Elasticsearch:
    the segmentation (most of the cost of a document) is kept for the last
    ``SEGMENTED_CACHE`` documents by content hash (which covers every field), for the
    tokenizer in use."""
    key = doc.get("content_hash")
    tokenizer = _tokenizer()
    if _segmented["tokenizer"] is not tokenizer:
        _segmented.update(tokenizer=tokenizer, docs={})
    cached = _segmented["docs"].get(key) if key else None
    if cached is not None:
        return dict(cached)
    fields = {name: segment(text) for name, text in searchable_fields(doc).items()}
    if key:
        with _segmented_lock:
            docs = _segmented["docs"]
            while len(docs) >= SEGMENTED_CACHE:
                del docs[next(iter(docs))]  # the oldest
            docs[key] = fields
    return dict(fields)


SEGMENTED_CACHE = 2000
_segmented: dict = {"tokenizer": None, "docs": {}}
_segmented_lock = threading.Lock()


def es_source(doc: dict) -> dict:
    """The Elasticsearch ``_source``: the document plus jieba-segmented ``*_seg`` fields."""
    source = dict(doc)
    source["region_paths"] = region_paths(doc["region"])
    for name, tokens in segmented_fields(doc).items():
        source[f"{name}_seg"] = tokens
    return source


def facet_values(doc: dict) -> list[tuple[str, str]]:
    values = [(name, doc[name]) for name in ("subject", "stage", "grade", "kind") if doc[name]]
    values.append(("type", doc.get("type", DocumentType.RESOURCE)))
    values += [("region", path) for path in region_paths(doc["region"])]
    values += [("tag", tag) for tag in doc["tags"]]
    values.append(("level", str(doc["recommendation_level"])))
    return values
