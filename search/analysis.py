"""Text folding shared by indexing and querying (both backends): the same text in any of the
ways teachers type it becomes the same tokens.

``fold`` applies, in order: NFKC (full-width letters, digits and punctuation → half-width,
``ＰＰＴ`` → ``PPT``), traditional → simplified Chinese with OpenCC (``t2s``: 教學設計 →
教学设计), and lower-casing of Latin letters. Index and query text both go through it, so
changing it changes tokens: run ``search_rebuild`` afterwards.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache

import opencc

_local = threading.local()


def _converter() -> opencc.OpenCC:
    # One converter per thread: the C++ object is not documented as thread-safe.
    conv = getattr(_local, "t2s", None)
    if conv is None:
        conv = _local.t2s = opencc.OpenCC("t2s")
    return conv


def to_simplified(text: str) -> str:
    """Traditional → simplified (characters and OpenCC's phrase table); simplified text and
    anything not Chinese come back unchanged."""
    return _converter().convert(text) if text else ""


def fold(text: str) -> str:
    """NFKC, traditional → simplified, lower case: what both the index and the query see."""
    if not text:
        return ""
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


@lru_cache(maxsize=20_000)
def fold_short(text: str) -> str:
    """``fold`` for short strings that repeat (taxonomy names, dictionary entries)."""
    return fold(text)
