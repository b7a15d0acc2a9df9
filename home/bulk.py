"""Plain bulk inserts for the few hot paths that write tens of thousands of rows.

``QuerySet.bulk_create`` builds a model instance and compiles every value of every row;
for narrow rows written by the hundred thousand (search postings, reference-index rows of a
bulk import) that is most of the time. Values must already be in database form (use
``field.get_db_prep_value`` for UUIDs and the like); no signals are sent, as with
``bulk_create``.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection

CHUNK = 5000


def insert_rows(model, columns: Sequence[str], rows: list[tuple]) -> None:
    """``INSERT INTO <model's table> (columns) VALUES (...)`` for each row, with executemany."""
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    # Table and column names come from the model, quoted; values are parameters.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one statement: far cheaper than executemany there.
            copy_sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
            with cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])
