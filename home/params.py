"""Parsing request parameters (查询参数) in one place.

``str.isdigit()`` accepts "²" and other Unicode digits that ``int()`` then refuses, and a
30-digit id overflows SQLite's integers: every id, page number or score taken from a request
goes through these helpers instead. They never raise: a value they cannot read is ``None``
(or the default), and the caller answers with a clear message or an empty result.
"""

from __future__ import annotations

import datetime
import re

# Database ids are signed 64-bit integers (at most 19 digits): a longer number is not read, and
# the bounds check below refuses 19-digit numbers above MAX_ID.
MAX_ID = 2**63 - 1
_ASCII_INT = re.compile(r"[0-9]{1,19}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")


def parse_int(value, *, minimum: int = 0, maximum: int = MAX_ID, default: int | None = None) -> int | None:
    """An ASCII decimal integer within ``[minimum, maximum]``, else ``default``."""
    if value is None:
        return default
    text = str(value).strip()
    if not _ASCII_INT.fullmatch(text):
        return default
    number = int(text)
    return number if minimum <= number <= maximum else default


def parse_id(value) -> int | None:
    """A database id (a positive 64-bit integer), else None."""
    return parse_int(value, minimum=1)


def parse_ids(values) -> list[int]:
    """The valid ids among ``values`` (e.g. ``request.POST.getlist("attended")``), in order, once each."""
    ids: list[int] = []
    for value in values:
        number = parse_id(value)
        if number is not None and number not in ids:
            ids.append(number)
    return ids


def parse_month(value, *, earliest_year: int = 2000, latest_year: int = 2100) -> tuple[int, int] | None:
    """``YYYY-MM`` within a plausible range of years, else None."""
    match = _MONTH.fullmatch(str(value or "").strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (earliest_year <= year <= latest_year and 1 <= month <= 12):
        return None
    datetime.date(year, month, 1)  # always valid here; documents the intent
    return year, month
