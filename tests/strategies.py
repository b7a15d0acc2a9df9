"""Hypothesis strategies for what a request may carry (查询参数与表单值), shared by the
property-based tests of the parameter parsers: any text, numbers written with Unicode digits
("²", "٣", full-width "１２"), numbers too long for a database id, control characters, huge
strings, and the values a real form sends."""

from __future__ import annotations

import re

from hypothesis import strategies as st

from home.params import MAX_ID

CJK = re.compile(r"[\u4e00-\u9fff]")

# Values earlier findings were about, and their neighbours.
TRICKY = [
    "",
    " ",
    "0",
    "-1",
    "+5",
    " 7 ",
    "\u00a012\u00a0",
    "1_000",
    "1e3",
    "0x10",
    "07",
    "²",
    "٣",
    "١٢",
    "１２",
    "২০২৬-০১",
    "1" * 30,
    "9" * 19,
    str(MAX_ID),
    str(MAX_ID + 1),
    "0001-01",
    "2026-13",
    "2026-00",
    "２０２６-01",
    "\x00",
    "1\x00",
    "\ufeff1",
    "1" * 5000,
]

unicode_digits = st.text(st.characters(categories=("Nd", "No")), min_size=1, max_size=25)
integers_as_text = st.integers(min_value=-(10**40), max_value=10**40).map(str)
huge_text = st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=4), st.integers(1_000, 30_000))
# Any text a browser or a script can send (st.text() never draws surrogates).
any_text = st.one_of(st.text(), unicode_digits, integers_as_text, st.sampled_from(TRICKY), huge_text)


def is_chinese(text: str) -> bool:
    """A message a user of the portal can read: it contains a CJK character."""
    return bool(CJK.search(text))
