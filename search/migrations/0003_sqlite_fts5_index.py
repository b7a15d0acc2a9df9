"""On SQLite the embedded search index moves to an FTS5 table (``search_fts``).

The documents indexed before are dropped here, so the search app's post-migrate backfill
(``database_backfill_if_empty``) rebuilds the index, FTS5 rows included, from the resources.
PostgreSQL keeps the ``SearchTerm`` postings: nothing changes there.
"""

from django.db import migrations

CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
    "title, tags, author, school, summary, meta, body, "
    "tokenize = 'unicode61 remove_diacritics 0')"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(CREATE)
    for table in ("search_searchterm", "search_searchfacet", "search_searchdocument"):
        schema_editor.execute(f"DELETE FROM {table}")  # noqa: S608 (constant names)


def backwards(apps, schema_editor):
    # The documents stay: the code that runs a schema migrated back is older code, whose
    # postings are then empty until ``search_rebuild --database``.
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_searchterm_document_index_from_unique")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
