"""Bulk writes of imported resource pages (``ResourceImporter``): what ``Page.save()`` and
Wagtail's admin search index do per page, done once per batch.

- ``insert_new_pages``: new pages in two multi-row INSERTs (the ``wagtailcore_page`` rows,
  then the resource rows) instead of two INSERTs per page. Django's ``bulk_create`` refuses
  multi-table inheritance, so this runs the very insert ``Model.save()`` runs for each table
  (``QuerySet._insert``, with the same ``pre_save`` values), for many rows at once. What
  ``Page.save()`` adds for a new page is set first (``url_path`` from the parent); the only
  receivers of a resource page's save are held back during an import anyway (search outbox,
  Wagtail's search and reference indexes: the importer writes those per batch).
- ``admin_index_pages``: Wagtail's PostgreSQL admin search index (``modelsearch``) in one
  statement per shape of row, with the same weighted ``to_tsvector`` values its
  ``add_items`` computes but without building a Django expression tree per page (most of
  its time). Other backends (SQLite's FTS) keep ``add_bulk``. Its title norms are refreshed
  once at the end of the import (``admin_title_norms_refresh``).
- ``reference_index_pages``: Wagtail's reference index ("usage") in one delete and one insert.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from wagtail.models import Page, ReferenceIndex

from home.bulk import insert_rows

from .models import GeneratedResourcePage


def insert_new_pages(pages: list[GeneratedResourcePage], *, parent: Page) -> None:
    """INSERT new pages (``path``/``depth`` set) under ``parent``; sets their ids."""
    if not pages:
        return
    for page in pages:
        page.set_url_path(parent)
    page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    own_fields = list(GeneratedResourcePage._meta.local_concrete_fields)
    if connection.vendor == "postgresql":
        # Ids from the table's sequence, then both tables with COPY: Django's multi-row
        # INSERT binds every column as an array, which cost more than the rest of the import.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [Page._meta.db_table, len(pages)],
            )
            for page, (pk,) in zip(pages, cursor.fetchall(), strict=True):
                page.id = page.page_ptr_id = pk
        page_fields = [Page._meta.pk, *page_fields]
        for model, fields in ((Page, page_fields), (GeneratedResourcePage, own_fields)):
            rows = [tuple(f.get_db_prep_save(f.pre_save(page, True), connection) for f in fields) for page in pages]
            insert_rows(model, [f.column for f in fields], rows)
        _saved(pages)
        return
    batch = connection.ops.bulk_batch_size(page_fields, pages) or len(pages)
    for start in range(0, len(pages), batch):
        chunk = pages[start : start + batch]
        rows = Page._base_manager._insert(
            chunk, fields=page_fields, returning_fields=[Page._meta.pk], using=connection.alias
        )
        if rows and len(rows) == len(chunk):
            for page, (pk,) in zip(chunk, rows, strict=True):
                page.id = page.page_ptr_id = pk
        else:  # no RETURNING for many rows on this database: the paths are unique
            ids = dict(Page.objects.filter(path__in=[p.path for p in chunk]).values_list("path", "pk"))
            for page in chunk:
                page.id = page.page_ptr_id = ids[page.path]
    own_batch = connection.ops.bulk_batch_size(own_fields, pages) or len(pages)
    for start in range(0, len(pages), own_batch):
        GeneratedResourcePage._base_manager._insert(
            pages[start : start + own_batch], fields=own_fields, using=connection.alias
        )
    _saved(pages)


def _saved(pages: list[GeneratedResourcePage]) -> None:
    for page in pages:
        page._state.adding = False
        page._state.db = connection.alias


def admin_index_pages(backend, pages: list[GeneratedResourcePage]) -> None:
    """Wagtail's admin search index for ``pages`` (see the module docstring)."""
    from modelsearch.backends.database.postgres.postgres import PostgresIndex

    index = backend.get_index_for_model(GeneratedResourcePage)
    if not isinstance(index, PostgresIndex) or not pages:
        backend.add_bulk(GeneratedResourcePage, pages)
        return
    from modelsearch.backends.database.postgres.postgres import IndexEntry, ObjectIndexer
    from modelsearch.index import AutocompleteField, SearchField
    from modelsearch.utils import get_content_type_pk

    config, autocomplete_config = backend.config, backend.autocomplete_config

    def vector(cfg) -> str:
        # Django's SearchVector(Value(text), weight=w, config=cfg) as compiled by
        # modelsearch, joined with ``||`` (associative: a flat chain is the same tsvector).
        # An empty text adds an empty vector, the identity of ``||``, so every page of a
        # shape shares one statement; a page with no text at all gets to_tsvector('').
        return f"setweight(to_tsvector({'%s::regconfig, ' if cfg else ''}COALESCE(%s, '')), %s)"

    content_type_pk = get_content_type_pk(GeneratedResourcePage)
    by_shape: dict[tuple[int, int, int], tuple[list[str], list[list]]] = {}
    for page in pages:
        indexer = ObjectIndexer(page, backend)
        title, body, auto = [], [], []
        for field in indexer.search_fields:
            for current, boost, value in indexer.prepare_field(page, field):
                if isinstance(current, SearchField):
                    (title if current.field_name == "title" else body).append((value.strip(), boost))
                elif isinstance(current, AutocompleteField):
                    auto.append((value.strip(), "D"))
        params: list = [content_type_pk, str(page.pk)]
        for texts, cfg in ((title, config), (auto, autocomplete_config), (body, config)):
            for text, weight in texts:
                params += [cfg, text, weight] if cfg else [text, weight]
        params += [" ".join(t for t, _ in title if t), " ".join(t for t, _ in body if t)]
        shape = (len(title), len(auto), len(body))
        by_shape.setdefault(shape, ([], []))[1].append(params)
    table = IndexEntry._meta.db_table
    with connection.cursor() as cursor:
        for (n_title, n_auto, n_body), (_, rows) in by_shape.items():
            parts = [
                " || ".join([vector(cfg)] * n) if n else "to_tsvector('')"
                for n, cfg in ((n_title, config), (n_auto, autocomplete_config), (n_body, config))
            ]
            # Every name here is a constant of modelsearch; all values are parameters.
            sql = (
                f"INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body, title_norm, "  # noqa: S608
                f"title_text, body_text) VALUES (%s, %s, {parts[0]}, {parts[1]}, {parts[2]}, 1.0, %s, %s) "
                "ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title, title_norm = 1.0, "
                "autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, title_text = EXCLUDED.title_text, "
                "body_text = EXCLUDED.body_text"
            )
            cursor.executemany(sql, rows)
    # Entries stay at title_norm 1.0, as modelsearch's add_items leaves them before its refresh:
    # the importer refreshes them once at its end (admin_title_norms_refresh).


def admin_title_norms_refresh() -> None:
    """What modelsearch's ``add_items`` ends with, once per import instead of once per batch:
    the title norm of the entries still at 1.0 (each refresh averages the title length over
    the whole table, a cost that grew with every batch). Until then the new works are found
    by the admin search all the same, ranked with a neutral title norm."""
    from modelsearch.backends import get_search_backends
    from modelsearch.backends.database.postgres.postgres import PostgresIndex

    for backend in get_search_backends():
        index = backend.get_index_for_model(GeneratedResourcePage)
        if isinstance(index, PostgresIndex):
            index._refresh_title_norms()


def reference_index_pages(*, pages: list[GeneratedResourcePage], existing: list[GeneratedResourcePage] = ()) -> None:
    """Wagtail's reference index ("usage") for imported pages, in one delete and one insert.

    ``ReferenceIndex.create_or_update_for_object`` reads the existing entries and writes
    per object. Here the rows of ``pages`` (new) and ``existing`` (updated by the import)
    are built in bulk with the same extraction Wagtail uses, after the updated pages' old
    rows are deleted. The importer hands over pages whose child relations are cached in
    memory (``finish_batch``), so the scan runs no query per page.
    """
    base_content_type = ContentType.objects.get_for_model(Page)
    if existing:
        ReferenceIndex.objects.filter(
            base_content_type=base_content_type, object_id__in=[str(page.pk) for page in existing]
        ).delete()
    pages = [*pages, *existing]
    if not pages:
        return
    content_type = ContentType.objects.get_for_model(GeneratedResourcePage)
    hash_field = ReferenceIndex._meta.get_field("content_path_hash")
    rows = []
    for page in pages:
        # Imported bodies are escaped plain text (body_from_plain_text): they cannot hold a
        # link, image or document, so only the page's own fields are scanned. A test checks
        # the result against Wagtail's full computation.
        body, page.body = page.body, []
        try:
            references = set(ReferenceIndex._extract_references_from_object(page))
        finally:
            page.body = body
        for to_content_type_id, to_object_id, model_path, content_path in references:
            content_path_hash = ReferenceIndex._get_content_path_hash(content_path)
            rows.append(
                (
                    content_type.pk,
                    base_content_type.pk,
                    str(page.pk),
                    to_content_type_id,
                    to_object_id,
                    model_path,
                    content_path,
                    hash_field.get_db_prep_value(content_path_hash, connection),
                )
            )
    # No page has rows any more, and ``references`` is a set: nothing can conflict.
    insert_rows(
        ReferenceIndex,
        (
            "content_type_id",
            "base_content_type_id",
            "object_id",
            "to_content_type_id",
            "to_object_id",
            "model_path",
            "content_path",
            "content_path_hash",
        ),
        rows,
    )
