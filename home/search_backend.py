"""Wagtail's database search backend (admin search, choosers) with queries that SQLite accepts.

On SQLite, Wagtail's backend (``modelsearch``) puts each word of the query into an FTS5 string
(``"word"``) without escaping a double quote inside it, so a search for ``a"b`` or ``title:* OR "``
in the document chooser was an FTS5 syntax error, a 500. Here a double quote is doubled, FTS5's
own escape: the word stays one literal string (``x" OR "y`` is not an OR), and a quoted word
(``"勾股定理"``) finds what the bare word finds. Other databases are served by Wagtail's own
backend unchanged.
"""

from __future__ import annotations

import functools

from modelsearch.backends.database import SearchBackend as database_search_backend
from modelsearch.query import Phrase, PlainText


def _quotes_escaped(query):
    if isinstance(query, PlainText):
        return PlainText(query.query_string.replace('"', '""'), operator=query.operator, boost=query.boost)
    if isinstance(query, Phrase):
        return Phrase(query.query_string.replace('"', '""'))
    return query


@functools.cache
def _sqlite_backend_class():
    """Built on first use, and only on SQLite: importing ``modelsearch``'s SQLite module on
    another database looks up its FTS model, which exists only on SQLite."""
    from modelsearch.backends.database.sqlite import sqlite

    class SQLiteSearchQueryCompiler(sqlite.SQLiteSearchQueryCompiler):
        def build_search_query_content(self, query, config=None):
            return super().build_search_query_content(_quotes_escaped(query), config=config)

    class SQLiteAutocompleteQueryCompiler(sqlite.SQLiteAutocompleteQueryCompiler):
        def build_search_query_content(self, query, config=None):
            return super().build_search_query_content(_quotes_escaped(query), config=config)

    class SQLiteSearchBackend(sqlite.SQLiteSearchBackend):
        query_compiler_class = SQLiteSearchQueryCompiler
        autocomplete_query_compiler_class = SQLiteAutocompleteQueryCompiler

    return sqlite.SQLiteSearchBackend, SQLiteSearchBackend


def SearchBackend(params):  # noqa: N802  (the name Wagtail looks up in a backend module)
    backend = database_search_backend(params)
    if type(backend).__module__.endswith(".sqlite.sqlite"):
        wagtails, ours = _sqlite_backend_class()
        if isinstance(backend, wagtails):
            return ours(params)
    return backend
