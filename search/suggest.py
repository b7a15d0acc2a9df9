"""Suggestions while typing (输入提示): titles of public works, tags in use on public works and
taxonomy names (subjects, grades, stages, kinds, regions) that start with what was typed.

Design (the same on every backend, Elasticsearch included):

- **Titles and tags** live in a compact prefix table, ``SearchSuggestion``: a few short keys per
  public work (its folded title, the title from each word start — so 有理数 finds
  "人教版七年级数学有理数教学设计" — and the title's pinyin initials, so ``ggdl`` finds 勾股定理),
  and one row per tag. The rows are written with the work's database search document
  (``rows`` is called by ``backends.database.index_documents``) and deleted with it, so they
  follow the outbox exactly like the search index: a draft, unpublished or restricted work has
  no row at all. A lookup is one range scan of the ``(kind, key)`` index per kind, whatever
  the number of works. Elasticsearch is not asked: the database index is always kept, and a
  suggestion stays available while the cluster is down.
- **Taxonomy names** are a few hundred rows: read once per process (``TAXONOMY_SECONDS``) and
  matched in Python.
- What was typed goes through ``search.analysis.fold`` (full width, traditional characters,
  Latin case), so 勾股定理, 勾股定裡 and ＧＧＤＬ find the same entries.
- **Cache**: suggestions are public data only, the same for everyone, so the answer for a
  folded prefix is cached for ``CACHE_SECONDS`` under a generation number that every write
  of suggestion rows bumps after its commit: an unpublished work leaves the suggestions at
  once, not after the cache time.
"""

from __future__ import annotations

import hashlib
import re
import time
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache
from urllib.parse import urlencode

from pypinyin import Style
from pypinyin.converter import UltimateConverter
from pypinyin.core import Pinyin

from django.core.cache import cache
from django.db import connection, transaction

from .analysis import fold, fold_short
from .models import Visibility
from .text import _tokenizer

COLUMNS = ("document_id", "kind", "key", "label", "target", "weight")  # of ``rows``
KEY_LENGTH = 40  # SearchSuggestion.key
MAX_QUERY_LENGTH = 100  # longer input is refused with a 400: nobody types that into a search box
MAX_WORD_STARTS = 6  # title keys from the first six word starts
LIMIT = 8  # suggestions shown
TITLE_CANDIDATES = 60  # title rows read per lookup, ranked in Python
CACHE_SECONDS = 60
TAXONOMY_SECONDS = 60
_GENERATION_KEY = "search:suggest:generation"
# Leading punctuation and spaces are not part of a key: 《勾股定理》 is found by 勾股.
_LEADING = re.compile(r"^[\W_]+")
_INITIALS = re.compile(r"[^0-9a-z]")

TYPE_LABELS = {
    "subject": "学科",
    "grade": "年级",
    "stage": "学段",
    "kind": "类型",
    "region": "地区",
    "tag": "标签",
    "title": "作品",
}


class SuggestError(ValueError):
    """Input that cannot be a search prefix; the message is shown to the user (Chinese)."""


@dataclass(frozen=True)
class Suggestion:
    text: str
    type: str
    url: str

    def as_api(self) -> dict:
        return {**asdict(self), "type_label": TYPE_LABELS[self.type]}


# --- keys ----------------------------------------------------------------------------------
def normalize_prefix(raw: str) -> str:
    """What was typed as a key prefix: control and format characters removed, folded,
    spaces collapsed, leading punctuation dropped, cut to the key length. Raises
    ``SuggestError`` for input longer than ``MAX_QUERY_LENGTH``."""
    if len(raw) > MAX_QUERY_LENGTH:
        raise SuggestError(f"输入过长：最多 {MAX_QUERY_LENGTH} 个字符。")
    text = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C")
    return _key(fold(text))


def _key(folded: str) -> str:
    return _LEADING.sub("", " ".join(folded.split()))[:KEY_LENGTH]


class _CachedConverter(UltimateConverter):
    """pypinyin's own converter (the one its ``lazy_pinyin`` makes per call), remembering
    the pinyin of each word it has converted.

    ``Pinyin.lazy_pinyin`` segments the text into words (its phrase dictionary decides the
    reading of a polyphonic character) and converts word by word; a word's pinyin depends on
    the word alone, so the cached result is exactly what the converter computes. Titles of
    an import repeat the same few thousand words, and converting them was most of the time
    of writing the suggestion rows."""

    @lru_cache(maxsize=100_000)  # noqa: B019 (one module-level instance, kept for the process)
    def _cached(self, words, style, heteronym, errors, strict) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(item) for item in super().convert(words, style, heteronym, errors, strict))

    def convert(self, words, style, heteronym, errors, strict, **kwargs):
        if kwargs:
            return super().convert(words, style, heteronym, errors, strict, **kwargs)
        return [list(item) for item in self._cached(words, style, heteronym, errors, strict)]


_pinyin = Pinyin(_CachedConverter())


def initials(text: str) -> str:
    """Pinyin initials of the Chinese characters, Latin letters and digits kept: 勾股定理 → ggdl,
    PPT课件 → pptkj."""
    letters = _pinyin.lazy_pinyin(fold_short(text), style=Style.FIRST_LETTER)
    return _INITIALS.sub("", "".join(letters).lower())[:KEY_LENGTH]


@lru_cache(maxsize=20_000)
def tag_keys(tag: str) -> tuple[str, ...]:
    """The keys of a tag: the folded tag and its pinyin initials (tags repeat across works:
    each is computed once)."""
    return tuple(k for k in dict.fromkeys((_key(fold_short(tag)), initials(tag))) if k)


def title_keys(title: str) -> list[str]:
    """The keys of a title: the folded title, the title from each of its first word starts,
    and its pinyin initials."""
    folded = " ".join(fold(title).split())
    keys = {_key(folded): None}
    offset = 0
    for word in _tokenizer().cut(folded, HMM=False):
        if len(keys) > MAX_WORD_STARTS:
            break
        if offset and _LEADING.sub("", word):
            keys.setdefault(_key(folded[offset:]), None)
        offset += len(word)
    keys.setdefault(initials(title), None)
    return [k for k in keys if k]


def rows(docs: dict[int, dict | None]) -> list[tuple]:
    """The ``SearchSuggestion`` rows (document_id, kind, key, label, target, weight) of the
    public documents among ``docs``; called where the database index writes them, after
    the old rows went with their documents. Bumps the cache generation after the commit."""
    out = []
    for page_id, doc in docs.items():
        if not doc or doc.get("visibility") != Visibility.PUBLIC:
            continue
        level = int(doc.get("recommendation_level") or 0)
        title = doc["title"][:255]
        out += [(page_id, "title", k, title, doc.get("url", "")[:500], level) for k in title_keys(title)]
        for tag in doc.get("tags", []):
            out += [(page_id, "tag", k, tag[:255], "", 0) for k in tag_keys(tag)]
    transaction.on_commit(_bump_generation)
    return out


def _bump_generation() -> None:
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(_GENERATION_KEY, 1, None)


# --- lookup --------------------------------------------------------------------------------
def suggest(*, q: str, limit: int = LIMIT) -> list[Suggestion]:
    """Suggestions for what was typed (``q``, raw): taxonomy names first, then tags (shortest
    first), then titles (recommended works first). Raises
    ``SuggestError`` for unusable input; an empty prefix has no suggestions."""
    prefix = normalize_prefix(q)
    if not prefix:
        return []
    generation = cache.get(_GENERATION_KEY, 0)
    digest = hashlib.sha1(prefix.encode(), usedforsecurity=False).hexdigest()
    cache_key = f"search:suggest:{generation}:{limit}:{digest}"
    cached = cache.get(cache_key)
    if cached is not None:
        return [Suggestion(**item) for item in cached]
    found = _lookup(prefix, limit)
    cache.set(cache_key, [asdict(s) for s in found], CACHE_SECONDS)
    return found


def _lookup(prefix: str, limit: int) -> list[Suggestion]:
    out: dict[tuple[str, str], Suggestion] = {}
    for suggestion in _taxonomy_matches(prefix)[: limit // 2]:
        out.setdefault((suggestion.type, suggestion.text), suggestion)
    for label in _tag_matches(prefix, limit // 2):
        out.setdefault(("tag", label), Suggestion(label, "tag", _search_url(tag=label)))
    for label, url in _title_matches(prefix, limit):
        if len(out) >= limit:
            break
        out.setdefault(("title", label), Suggestion(label, "title", url))
    return list(out.values())[:limit]


def _bounds(prefix: str) -> list[str]:
    """ "key starts with ``prefix``" as a range of the index: keys compare by code point on
    both databases (SQLite's BINARY, collation "C" on PostgreSQL), so every key with the
    prefix lies in [prefix, prefix + U+10FFFF). No LIKE: ``%`` and ``_`` are plain text."""
    return [prefix, prefix + "\U0010ffff"]


# Plain SQL: the lookups are two fixed statements, and compiling them through the ORM cost
# more than running them.
_TITLES_SQL = (
    "SELECT document_id, label, target, weight FROM search_searchsuggestion"
    " WHERE kind = 'title' AND key >= %s AND key < %s LIMIT %s"
)
# Tags: the distinct keys with the prefix, found by a loose index scan (each step one seek of
# the index to the next greater key), so a popular tag with thousands of rows costs one
# step, not a scan of its rows.
_TAGS_SQL = """
WITH RECURSIVE tag_keys(key) AS (
    SELECT MIN(key) FROM search_searchsuggestion WHERE kind = 'tag' AND key >= %s AND key < %s
    UNION ALL
    SELECT (SELECT MIN(s.key) FROM search_searchsuggestion s WHERE s.kind = 'tag' AND s.key > tag_keys.key
            AND s.key < %s)
    FROM tag_keys WHERE tag_keys.key IS NOT NULL
)
SELECT (SELECT s.label FROM search_searchsuggestion s WHERE s.kind = 'tag' AND s.key = tag_keys.key LIMIT 1)
FROM tag_keys WHERE tag_keys.key IS NOT NULL LIMIT %s
"""
TAG_CANDIDATES = 24


def _title_matches(prefix: str, limit: int) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(_TITLES_SQL, [*_bounds(prefix), TITLE_CANDIDATES])
        candidates = cursor.fetchall()
    best: dict[int, tuple] = {}
    for document_id, label, target, weight in candidates:
        best.setdefault(document_id, (-weight, len(label), label, target))
    seen: dict[str, str] = {}
    for _, _, label, target in sorted(best.values()):
        seen.setdefault(label, target)
        if len(seen) >= limit:
            break
    return list(seen.items())


def _tag_matches(prefix: str, limit: int) -> list[str]:
    """Tags in use on public works with the prefix, shortest first (the closest completion)."""
    low, high = _bounds(prefix)
    with connection.cursor() as cursor:
        cursor.execute(_TAGS_SQL, [low, high, high, TAG_CANDIDATES])
        labels = list(dict.fromkeys(label for (label,) in cursor.fetchall()))
    return sorted(labels, key=len)[:limit]


# --- taxonomy names ------------------------------------------------------------------------
_taxonomy: dict = {"loaded": 0.0, "entries": []}


def _taxonomy_entries() -> list[tuple[tuple[str, ...], Suggestion]]:
    if time.monotonic() - _taxonomy["loaded"] > TAXONOMY_SECONDS:
        _taxonomy.update(entries=_load_taxonomy(), loaded=time.monotonic())
    return _taxonomy["entries"]


def _load_taxonomy() -> list[tuple[tuple[str, ...], Suggestion]]:
    from home.models import Grade, Region, Stage, Subject
    from resources.models import ResourceKind

    named: list[tuple[str, str, dict]] = []
    named += [(name, "subject", {"subject": name}) for name in Subject.objects.values_list("name", flat=True)]
    named += [(name, "stage", {"stage": name}) for name in Stage.objects.values_list("name", flat=True)]
    grades = Grade.objects.values_list("name", "stage__name")
    named += [(name, "grade", {"stage": stage, "grade": name}) for name, stage in grades]
    named += [(str(label), "kind", {"kind": code}) for code, label in ResourceKind.choices]
    named += [(name, "region", {"region": path}) for name, path in Region.objects.values_list("name", "path")]
    entries = []
    for name, kind, params in named:
        keys = tuple(k for k in (_key(fold_short(name)), initials(name)) if k)
        entries.append((keys, Suggestion(_taxonomy_text(name, kind, params), kind, _search_url(**params))))
    return entries


def _taxonomy_text(name: str, kind: str, params: dict) -> str:
    """Names that repeat are told apart: 一年级（小学）, 城关镇（某县）."""
    if kind == "grade":
        return f"{name}（{params['stage']}）"
    if kind == "region" and "/" in params["region"]:
        return f"{name}（{params['region'].split('/')[-2]}）"
    return name


def _taxonomy_matches(prefix: str) -> list[Suggestion]:
    matches = [s for keys, s in _taxonomy_entries() if any(k.startswith(prefix) for k in keys)]
    return sorted(matches, key=lambda s: len(s.text))


def _search_url(**params: str) -> str:
    return "/search/?" + urlencode(params)
