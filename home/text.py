"""Plain text out of rich content (纯文本提取), shared by every app that shows or indexes it.

``clean`` makes text safe to segment and show, ``strip_html`` drops tags from rich text, and
``stream_text`` reads every text of a StreamField (rich text, headings, quotes) in order.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator

# Long enough for any real teaching design; a pasted book is cut rather than indexed whole.
MAX_BODY_CHARS = 30_000

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_TAGS = re.compile(r"<[^>]{0,2000}>")
_SPACE = re.compile(r"\s+")


def clean(text: str, *, fold: bool = True) -> str:
    """Text safe to segment and show: no control characters, whitespace collapsed; ``fold``
    also applies NFKC (full-width letters → half-width), for tokens but not for display."""
    text = unicodedata.normalize("NFKC", text or "") if fold else (text or "")
    return _SPACE.sub(" ", _CONTROL.sub(" ", text)).strip()


def strip_html(markup: str) -> str:
    return clean(html.unescape(_TAGS.sub(" ", markup or "")), fold=False)


def _raw_text(value) -> Iterator[str]:
    """Every text in StreamField raw data (rich text, headings, quotes), skipping ids and choices."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _raw_text(item)
    elif isinstance(value, dict):
        if "type" in value and "value" in value:
            yield from _raw_text(value["value"])
        else:
            for key, item in value.items():
                if key not in {"image", "size", "id", "type"}:
                    yield from _raw_text(item)


def stream_text(body) -> str:
    """The plain text of a StreamField value (tags stripped, cut to ``MAX_BODY_CHARS``)."""
    raw = body.raw_data if body is not None else []
    return strip_html(" ".join(_raw_text(list(raw))))[:MAX_BODY_CHARS]


def book_title(title: str) -> str:
    """A title in 书名号, once: works are often titled 《…》 already."""
    return title if title.startswith("《") and title.endswith("》") else f"《{title}》"
