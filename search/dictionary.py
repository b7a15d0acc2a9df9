"""The synonym and alias dictionary (同义词与别称词典) used by query expansion, imports and filters.

Entries come from the maintained files ``search/synonyms/*.tsv`` (one alias a row, with its
source) and from editors' entries in the admin (``SearchSynonym``: extra pairs, or a file pair
switched off), merged at query time. Every taxonomy name (stage, subject, grade) and resource
kind label is a group of its own, so a query naming one is recognised even without aliases.

Forms are folded (``search.analysis.fold``) before they are compared, so traditional or
full-width spellings need no rows of their own.
"""

from __future__ import annotations

import csv
import time
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.core.cache import cache

from home import taxonomy_data

from .analysis import fold_short

SYNONYM_DIR = Path(__file__).with_name("synonyms")
KINDS = ("grade", "subject", "stage", "edition", "kind", "concept", "method")
FACET_KINDS = {"grade": "grade", "subject": "subject", "stage": "stage", "kind": "kind"}
CACHE_KEY = "search:synonyms:editor-rows"
LOCAL_TTL = 30.0
_memo: dict = {"rows": None, "at": 0.0}


@dataclass(frozen=True)
class Entry:
    canonical: str
    alias: str
    kind: str
    source: str


@lru_cache(maxsize=1)
def file_entries() -> tuple[Entry, ...]:
    """Every row of the maintained files (comments and blank lines skipped)."""
    entries = []
    for path in sorted(SYNONYM_DIR.glob("*.tsv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.reader(handle, delimiter="\t"):
                if not row or row[0].startswith("#"):
                    continue
                canonical, alias, kind, source = (cell.strip() for cell in row[:4])
                entries.append(Entry(canonical, alias, kind, source))
    return tuple(entries)


def taxonomy_entries() -> tuple[Entry, ...]:
    """Each stage, subject, grade and resource kind label as a group of its own."""
    from resources.models import ResourceKind

    names = [(stage, "stage") for stage in taxonomy_data.STAGES]
    names += [(subject, "subject") for subject in taxonomy_data.all_subjects()]
    names += [(grade, "grade") for grades in taxonomy_data.GRADES.values() for grade in grades]
    names += [(str(label), "kind") for value, label in ResourceKind.choices if value != ResourceKind.OTHER]
    return tuple(Entry(name, name, kind, "平台分类（home.taxonomy_data / ResourceKind）") for name, kind in names)


def editor_rows() -> tuple[tuple[str, str, str, bool], ...]:
    """Editors' entries (canonical, alias, kind, enabled): kept in the process for
    ``LOCAL_TTL`` seconds and in the shared cache until an entry changes (then every process
    reads them again within ``LOCAL_TTL``; the process that saved at once)."""
    now = time.monotonic()
    if _memo["rows"] is not None and now - _memo["at"] < LOCAL_TTL:
        return _memo["rows"]
    rows = cache.get(CACHE_KEY)
    if rows is None:
        from .models import SearchSynonym

        rows = tuple(SearchSynonym.objects.order_by("pk").values_list("canonical", "alias", "kind", "enabled"))
        cache.set(CACHE_KEY, rows, timeout=3600)
    _memo.update(rows=tuple(tuple(row) for row in rows), at=now)
    return _memo["rows"]


def forget_editor_rows() -> None:
    _memo.update(rows=None, at=0.0)
    cache.delete(CACHE_KEY)


class Dictionary:
    """Groups of equivalent forms. A form may belong to several groups (政治 is an alias of
    both 道德与法治 and 思想政治)."""

    def __init__(self, entries):
        self.groups: dict[str, dict[str, None]] = defaultdict(dict)  # canonical → forms, in order
        self.kinds: dict[str, str] = {}
        self.by_form: dict[str, set[str]] = defaultdict(set)
        for entry in entries:
            canonical, alias = fold_short(entry.canonical), fold_short(entry.alias)
            if not canonical or not alias:
                continue
            self.kinds.setdefault(canonical, entry.kind)
            for form in (canonical, alias):
                self.groups[canonical].setdefault(form, None)
                self.by_form[form].add(canonical)
        self.longest = max((len(form) for form in self.by_form), default=0)

    def canonicals(self, form: str) -> list[str]:
        return sorted(self.by_form.get(fold_short(form), ()))

    def forms(self, form: str) -> list[str]:
        """Every form equivalent to ``form``: itself first, then each group's canonical name,
        then the other aliases."""
        form = fold_short(form)
        out: dict[str, None] = {form: None}
        groups = sorted(self.by_form.get(form, ()))
        for canonical in groups:
            out.setdefault(canonical, None)
        for canonical in groups:
            for other in self.groups[canonical]:
                out.setdefault(other, None)
        return list(out)


@lru_cache(maxsize=4)
def _build(editor: tuple[tuple[str, str, str, bool], ...]) -> Dictionary:
    off = {(fold_short(c), fold_short(a)) for c, a, _, enabled in editor if not enabled}
    entries = [e for e in file_entries() if (fold_short(e.canonical), fold_short(e.alias)) not in off]
    entries += taxonomy_entries()
    entries += [Entry(c, a, k, "编辑添加") for c, a, k, enabled in editor if enabled]
    return Dictionary(entries)


def current() -> Dictionary:
    """The merged dictionary (files + taxonomy + editors' entries)."""
    return _build(editor_rows())


def file_words() -> list[str]:
    """Chinese forms of the maintained files, added to the segmenter's dictionary so that a
    form is one token (韦达定理, 人教版). Editors' entries are not: they must not change
    index tokens without a rebuild."""
    words = {fold_short(form) for e in file_entries() for form in (e.canonical, e.alias)}
    return sorted(w for w in words if 2 <= len(w) <= 12 and all("\u4e00" <= ch <= "\u9fff" for ch in w))


def canonical_facet_value(facet: str, value: str, *, allowed) -> str:
    """The taxonomy name an alias stands for (``生物`` → ``生物学``), among ``allowed`` names
    (e.g. the subjects of the record's stage); ``value`` itself when it is allowed or when
    the alias is unknown or ambiguous. Uses the maintained files (not editors' entries)."""
    allowed = list(allowed)
    if value in allowed:
        return value
    kind = FACET_KINDS.get(facet, facet)
    # The maintained files only: parsing a filter or an import line reads no database row.
    dictionary = _build(())
    folded = {fold_short(name): name for name in allowed}
    matches = {
        folded[c] for c in dictionary.canonicals(value) if c in folded and dictionary.kinds.get(c) in (kind, None)
    }
    # The canonical name itself may have been typed in traditional or full-width form.
    if fold_short(value) in folded:
        matches.add(folded[fold_short(value)])
    return matches.pop() if len(matches) == 1 else value
