"""Input-method slips (输入法错字): 勾股定里 → 勾股定理, 教学设记 → 教学设计.

A pinyin input method replaces a character by another with the same pinyin. Such a slip breaks
a word apart: the segmenter then sees single characters or a rare word where a common word
should be. ``correct`` looks at such runs of words and tries every same-pinyin character
(toneless, from pypinyin's character table) at each position; a run becomes the most frequent
word of jieba's dictionary (with the domain and synonym words added) that it can become by one
substitution. The search service only asks for a correction when a query finds little.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from pypinyin.pinyin_dict import pinyin_dict

from home.text import clean

from .analysis import fold
from .text import STOPWORDS, _tokenizer

MIN_WORD_FREQ = 100  # a correction must be a word at least this common in the segmenter's dictionary
WEAK_WORD_FREQ = 50  # a word rarer than this may be a slip
MAX_WINDOW = 8
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")


_TONES = str.maketrans(
    "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvnnnm"
)  # fmt: skip


def _toneless(reading: str) -> str:
    """mǎ → ma, lǜ → lv (as typed on a pinyin keyboard)."""
    return reading.translate(_TONES)


@lru_cache(maxsize=50_000)
def _readings(char: str) -> tuple[str, ...]:
    """The toneless readings of a character (all of a heteronym's)."""
    value = pinyin_dict.get(ord(char), "")
    return tuple(dict.fromkeys(_toneless(r) for r in value.split(",") if r))


@lru_cache(maxsize=1)
def _by_reading() -> dict[str, tuple[str, ...]]:
    """Toneless reading → the characters with it that the segmenter's dictionary knows."""
    freq = _tokenizer().get_freq
    out: dict[str, list[str]] = defaultdict(list)
    for code in pinyin_dict:
        char = chr(code)
        if freq(char):
            for reading in _readings(char):
                out[reading].append(char)
    return {reading: tuple(chars) for reading, chars in out.items()}


def _freq(word: str) -> int:
    return _tokenizer().get_freq(word) or 0


def _best_substitute(window: str) -> str | None:
    """The most common word that ``window`` becomes by one same-pinyin substitution."""
    by_reading = _by_reading()
    best, best_freq = None, max(MIN_WORD_FREQ, 10 * _freq(window))
    for i, char in enumerate(window):
        if char in STOPWORDS and len(window) < 3:  # 的意 → 得意: a particle, not a slip
            continue
        for reading in _readings(char):
            for other in by_reading.get(reading, ()):
                if other == char:
                    continue
                candidate = window[:i] + other + window[i + 1 :]
                freq = _freq(candidate)
                if freq >= best_freq and (freq > best_freq or best is None):
                    best, best_freq = candidate, freq
    return best


def _weak(word: str) -> bool:
    return word not in STOPWORDS and (len(word) == 1 or _freq(word) < WEAK_WORD_FREQ)


@lru_cache(maxsize=1024)
def correct(query: str) -> str:
    """The query with input-method slips corrected, or ``""`` when nothing looks like one."""
    words = list(_tokenizer().cut(fold(clean(query))[:200], HMM=False))
    out, i, changed = [], 0, False
    while i < len(words):
        replaced = False
        if _CJK.match(words[i]):
            # Windows of whole words starting here, longest first, containing a weak word.
            for j in range(min(len(words), i + MAX_WINDOW), i, -1):
                window_words = words[i:j]
                window = "".join(window_words)
                if len(window) < 2 or len(window) > MAX_WINDOW or not all(_CJK.match(w) for w in window_words):
                    continue
                if not any(_weak(w) for w in window_words):
                    continue
                candidate = _best_substitute(window)
                if candidate:
                    out.append(candidate)
                    i, replaced, changed = j, True, True
                    break
        if not replaced:
            out.append(words[i])
            i += 1
    return "".join(out) if changed else ""
