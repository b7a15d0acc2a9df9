"""The demo content as data files (UTF-8 JSON and JSON Lines), read by the demo loaders.

- ``places.json``: regions and schools; ``people.json``: names and staffing of the schools;
- ``lessons.jsonl``: real textbook lessons, one per line (学段、学科、版本、年级、册别、单元、课题、重点、难点、关注点);
- ``subjects.json`` and ``groups.json``: core literacies per subject, phrases per teaching group;
- ``writing.json``: the templates the works are written from (see ``resources/demo_writing.py``);
- ``review.json``, ``showcase.json``, ``training.json``, ``workshops.json``: the content of each app's demo.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


@cache
def load(name: str):
    """The parsed content of ``name`` (a list of rows for ``.jsonl``); cached, so treat it as read-only."""
    text = (FOLDER / name).read_text(encoding="utf-8")
    if name.endswith(".jsonl"):
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return json.loads(text)
