"""Postings keyed by (document, term): no surrogate id, one index fewer; on PostgreSQL the
term column compares bytewise (collation "C").

Django cannot alter a table's primary key into a composite one, so the table is rebuilt:
the old one is renamed, the new one created from the model, its rows copied over (existing
data is kept: on PostgreSQL it is the whole search index), and the old one dropped."""

from django.db import migrations, models

OLD = "search_searchterm_old"


def rebuild(apps, schema_editor, *, forwards=True):
    """Rebuild the table in the shape of the model in ``apps`` (either direction)."""
    term_model = apps.get_model("search", "SearchTerm")
    table = term_model._meta.db_table
    quote = schema_editor.quote_name
    # Index names are global on SQLite and PostgreSQL: the old ones go before the new are made.
    schema_editor.execute(f"DROP INDEX IF EXISTS {quote('search_term_lookup')}")
    schema_editor.execute(f"ALTER TABLE {quote(table)} RENAME TO {quote(OLD)}")
    if schema_editor.connection.vendor == "postgresql":
        # The old table's constraints keep their names after the rename: free them for the new one.
        schema_editor.execute(f"ALTER TABLE {quote(OLD)} DROP CONSTRAINT IF EXISTS {quote('search_term_unique')}")
        schema_editor.execute(f"ALTER TABLE {quote(OLD)} DROP CONSTRAINT IF EXISTS {quote(table + '_pkey')}")
    schema_editor.create_model(term_model)
    if forwards and schema_editor.connection.vendor == "postgresql":
        # The table is still empty: changing the collation rebuilds nothing yet.
        schema_editor.execute(f'ALTER TABLE {quote(table)} ALTER COLUMN {quote("term")} TYPE varchar(40) COLLATE "C"')
    columns = ", ".join(quote(c) for c in ("document_id", "term", "weight"))
    schema_editor.execute(f"INSERT INTO {quote(table)} ({columns}) SELECT {columns} FROM {quote(OLD)}")  # noqa: S608
    schema_editor.execute(f"DROP TABLE {quote(OLD)}")


def rebuild_backwards(apps, schema_editor):
    rebuild(apps, schema_editor, forwards=False)


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0008_document_type"),
    ]

    operations = [
        # Backwards, this runs last, with the old model (surrogate id and unique constraint).
        migrations.RunPython(migrations.RunPython.noop, rebuild_backwards, elidable=False),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(model_name="searchterm", name="search_term_unique"),
                migrations.RemoveField(model_name="searchterm", name="id"),
                migrations.AddField(
                    model_name="searchterm",
                    name="pk",
                    field=models.CompositePrimaryKey(
                        "document", "term", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
            ],
        ),
        migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=False),
    ]
