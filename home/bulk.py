"""Plain bulk inserts for the few hot paths that write tens of thousands of rows.

``QuerySet.bulk_create`` builds a model instance and compiles every value of every row;
for narrow rows written by the hundred thousand (search postings, reference-index rows of a
bulk import) that is most of the time. Values must already be in database form (use
``field.get_db_prep_value`` for UUIDs and the like); no signals are sent, as with
``bulk_create``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence

from django.db import connection

CHUNK = 5000


def insert_rows(model, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    """``INSERT INTO <model's table> (columns) VALUES (...)`` for each row.

    ``rows`` may be a generator: it is consumed a chunk at a time. On PostgreSQL each chunk
    is sent as soon as it is made, so the server writes rows (and their indexes) while the
    caller computes the next ones — on a machine with two cores the two halves overlap
    instead of adding up (the search postings of an import: jieba here, index upkeep there).
    """
    chunks = _chunks(rows)
    first = next(chunks, None)
    if first is None:
        return
    chunks = itertools.chain([first], chunks)
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    # Table and column names come from the model, quoted; values are parameters.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one statement: far cheaper than executemany there.
            copy_sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
            with cursor.copy(copy_sql) as copy:
                for chunk in chunks:
                    text = copy_text(chunk)
                    if text is not None:
                        copy.write(text)
                    else:
                        for row in chunk:
                            copy.write_row(row)
            return
        for chunk in chunks:
            cursor.executemany(sql, chunk)


def copy_lines(model, columns: Sequence[str], texts: Iterable[str]) -> None:
    """PostgreSQL only: ``COPY <model's table> (columns) FROM STDIN`` of ``texts``, each one or
    more complete lines already in COPY's text format (``copy_text``; values escaped by the
    caller). For a caller that can format its rows faster than ``copy_text``'s type checks per
    value (the search postings: millions of rows of one known shape). Sent as they come, like
    ``insert_rows``: the server writes while the caller makes the next lines."""
    if connection.vendor != "postgresql":
        raise NotImplementedError("copy_lines needs PostgreSQL; use insert_rows")
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor, cursor.copy(f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN") as copy:
        for text in texts:
            if text:
                copy.write(text)


def copy_escape(value: str) -> str:
    """``value`` as one field of COPY's text format."""
    return value.translate(_COPY_ESCAPES)


def _chunks(rows: Iterable[tuple]):
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, CHUNK)):
        yield chunk


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def copy_text(rows: list[tuple]) -> str | None:
    """Rows of plain ``str``/``int``/``float``/``None`` values in COPY's text format, or None
    if a row holds anything else (then psycopg formats each row: several times slower, which
    mattered for the hundreds of thousands of search postings of an import)."""
    lines = []
    for row in rows:
        fields = []
        for value in row:
            kind = type(value)
            if kind is str:
                fields.append(copy_escape(value))
            elif kind is int or (kind is float and math.isfinite(value)):
                fields.append(repr(value))
            elif value is None:
                fields.append("\\N")
            else:
                return None
        lines.append("\t".join(fields))
    return "\n".join(lines) + "\n" if lines else ""
