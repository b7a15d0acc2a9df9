"""Services of the resource library: everything that writes resources lives here."""

from __future__ import annotations

import html
import itertools
import json
import uuid
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field

from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler as search_post_save

from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.text import slugify

from modelcluster.models import get_all_child_relations
from taggit.models import Tag
from wagtail.models import Page, PageLogEntry, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from home import aliases, taxonomy_data
from home.models import Grade, Region, School, Stage, Subject
from home.signals import bulk_write, resources_changed
from home.text import stream_text

from .bulk_pages import admin_index_pages, admin_title_norms_refresh, insert_new_pages, reference_index_pages
from .models import GeneratedResourcePage, ResourceIndexPage, ResourceKind, ResourceTag
from .review.models import ReviewStatus

MAX_TITLE_LENGTH = 255
MAX_SUMMARY_LENGTH = 500
MAX_BODY_LENGTH = 100_000
MAX_TAGS = 20
BATCH_SIZE = 500
# Besides the resolved values, what ``ResourceImporter.upsert`` sets on an existing page.
UPDATED_PAGE_FIELDS = (
    "draft_title",
    "live",
    "review_status",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
)


class ImportLineError(ValueError):
    """A line of an import file that cannot be imported; the message is shown to the operator."""


def body_from_plain_text(text: str) -> list[dict]:
    """Turn plain text (paragraphs separated by blank lines) into body StreamField data."""
    blocks = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        chunk = chunk.strip()
        if not chunk:
            continue
        lines = "<br/>".join(html.escape(line.strip()) for line in chunk.split("\n") if line.strip())
        blocks.append({"type": "paragraph", "value": f"<p>{lines}</p>"})
    return blocks


def region_get_or_create(*, path: str) -> Region:
    """Return the region at ``path`` ("湖南省/长沙市/岳麓区"), creating missing nodes.

    Levels follow depth: province, city, county; a two-level path under a
    municipality ("天津市/和平区") makes the second node a county/district.
    """
    parts = [part.strip() for part in path.strip().strip("/").split("/") if part.strip()]
    if not parts or len(parts) > 3:
        raise ImportLineError(f"区域路径“{path}”无效：应为“省/市/区县”或“直辖市/区”。")
    parent = None
    levels = [Region.Level.PROVINCE, Region.Level.CITY, Region.Level.COUNTY]
    if len(parts) == 2:
        levels = [Region.Level.PROVINCE, Region.Level.COUNTY]
    for part, level in zip(parts, levels, strict=False):
        if len(part) > 50:
            raise ImportLineError(f"区域名称“{part[:20]}…”过长。")
        region = Region.objects.filter(parent=parent, name=part).first()
        if region is None:
            region = Region(parent=parent, name=part, level=level)
            region.save()
        parent = region
    return parent


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed


class ResourceImporter:
    """Bulk import of resources from JSON Lines (``manage.py import_resources``).

    Each line is imported in its own transaction: a bad line is reported with its
    number and reason and leaves nothing behind, good lines still land.
    ``external_id`` is the key: importing it again updates the resource.
    """

    required = ("external_id", "kind", "title", "subject", "stage")

    def __init__(
        self, *, library: ResourceIndexPage | None = None, update_existing: bool = True, region_scope: str | None = None
    ):
        self.update_existing = update_existing
        # An editor acting for a region (the API's imports): every line's region, and the region
        # of a resource it updates, must lie inside this region path. None: anywhere.
        self.region_scope = region_scope
        self.library = library or ResourceIndexPage.objects.order_by("path").first()
        if self.library is None:
            raise ImportLineError("站点中还没有资源库页面：请先运行 migrate 创建站点结构。")
        self.subjects = {s.name: s for s in Subject.objects.all()}
        self.stages = {s.name: s for s in Stage.objects.all()}
        self.grades = {(g.stage_id, g.name): g for g in Grade.objects.all()}
        self.regions: dict[str, Region] = {}
        self.schools: dict[tuple[int | None, str], School] = {}
        self.tags: dict[str, Tag] = {}
        self._next_path: str | None = None
        self._existing: dict[str, int] = {}
        self._existing_pages: dict[int, GeneratedResourcePage] = {}
        self._taken_slugs: set[str] = set()
        self._created: list[int] = []
        self._pending_tags: dict[int, list[Tag]] = {}
        self._batch_pages: dict[int, GeneratedResourcePage] = {}
        # Bulk mode: new pages are INSERTed together by finish_batch, and a line that writes
        # nothing but its page (taxonomies and tags already known) needs no savepoint. A batch
        # whose bulk writes fail is redone line by line (bulk off), each line in a savepoint.
        self.bulk = True
        self._new_pages: list[GeneratedResourcePage] = []
        self._pending_new: dict[str, GeneratedResourcePage] = {}
        self._child_relations = [rel.get_accessor_name() for rel in get_all_child_relations(GeneratedResourcePage)]

    # --- validation -------------------------------------------------------------
    def parse(self, line: str) -> dict:
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportLineError(f"不是有效的 JSON（第 {exc.colno} 列：{exc.msg}）") from None
        if not isinstance(record, dict):
            raise ImportLineError("每行应是一个 JSON 对象。")
        for key in self.required:
            value = record.get(key)
            if not isinstance(value, str) or not value.strip():
                raise ImportLineError(f"缺少必填字段“{key}”。")
        for key in ("summary", "body", "grade", "region", "school", "author"):
            if record.get(key) is not None and not isinstance(record[key], str):
                raise ImportLineError(f"字段“{key}”应为字符串。")
        if len(record["external_id"]) > 100:
            raise ImportLineError("external_id 超过 100 个字符。")
        if len(record["title"]) > MAX_TITLE_LENGTH:
            raise ImportLineError(f"标题超过 {MAX_TITLE_LENGTH} 个字符。")
        if len(record.get("summary") or "") > MAX_SUMMARY_LENGTH:
            raise ImportLineError(f"摘要超过 {MAX_SUMMARY_LENGTH} 个字符。")
        if len(record.get("body") or "") > MAX_BODY_LENGTH:
            raise ImportLineError(f"正文超过 {MAX_BODY_LENGTH} 个字符。")
        if record["kind"] not in ResourceKind.values:
            raise ImportLineError(f"未知的资源类型“{record['kind']}”，可选：{'、'.join(ResourceKind.values)}。")
        # Aliases are accepted (生物 → 生物学, 初中部 → 初中; 政治 by the stage's subjects).
        record["stage"] = aliases.canonical("stage", record["stage"].strip(), allowed=self.stages)
        if record["stage"] not in self.stages:
            raise ImportLineError(f"未知的学段“{record['stage']}”。")
        stage_subjects = [s for s in taxonomy_data.SUBJECTS.get(record["stage"], ()) if s in self.subjects]
        subject = aliases.canonical("subject", record["subject"].strip(), allowed=stage_subjects or self.subjects)
        record["subject"] = aliases.canonical("subject", subject, allowed=self.subjects)
        if record["subject"] not in self.subjects:
            raise ImportLineError(f"未知的学科“{record['subject']}”。")
        tags = record.get("tags") or []
        if not isinstance(tags, list) or not all(isinstance(t, str) and 0 < len(t.strip()) <= 50 for t in tags):
            raise ImportLineError("tags 应为字符串列表（每个标签 1–50 个字符）。")
        if len(tags) > MAX_TAGS:
            raise ImportLineError(f"标签最多 {MAX_TAGS} 个。")
        if "published" in record and not isinstance(record["published"], bool):
            raise ImportLineError("published 应为 true 或 false。")
        texts = [v for v in record.values() if isinstance(v, str)] + [t for t in tags if isinstance(t, str)]
        if any("\x00" in text for text in texts):
            raise ImportLineError("文本中含有不允许的空字符（\\u0000）。")
        if self.region_scope is not None:
            self._check_scope(record.get("region") or "")
        return record

    def _check_scope(self, path: str, *, existing: bool = False) -> None:
        path = "/".join(part.strip() for part in path.strip().strip("/").split("/") if part.strip())
        if path != self.region_scope and not path.startswith(self.region_scope + "/"):
            what = "要更新的资源所在区域" if existing else "区域（region）"
            raise ImportLineError(f"{what}“{path or '未填写'}”不在您负责的区域“{self.region_scope}”内。")

    def resolve(self, record: dict) -> dict:
        stage = self.stages[record["stage"]]
        grade = None
        if record.get("grade"):
            names = [name for stage_id, name in self.grades if stage_id == stage.pk]
            record["grade"] = aliases.canonical("grade", record["grade"].strip(), allowed=names)
            grade = self.grades.get((stage.pk, record["grade"]))
            if grade is None:
                raise ImportLineError(f"学段“{stage.name}”下没有年级“{record['grade']}”。")
        region = None
        if record.get("region"):
            region = self.regions.get(record["region"])
            if region is None:
                region = region_get_or_create(path=record["region"])
                self.regions[record["region"]] = region
        school = None
        if record.get("school"):
            if region is None:
                raise ImportLineError("填写学校时必须同时填写区域（region）。")
            key = (region.pk, record["school"].strip())
            school = self.schools.get(key)
            if school is None:
                if len(key[1]) > 100:
                    raise ImportLineError("校名超过 100 个字符。")
                school, _ = School.objects.get_or_create(region=region, name=key[1], defaults={"stage": stage})
                self.schools[key] = school
        return {
            "kind": record["kind"],
            "title": record["title"].strip(),
            "summary": (record.get("summary") or "").strip(),
            "body": body_from_plain_text(record.get("body") or ""),
            "subject": self.subjects[record["subject"]],
            "stage": stage,
            "grade": grade,
            "region": region,
            "school": school,
            "author_name": (record.get("author") or "").strip()[:50],
        }

    # --- writing ----------------------------------------------------------------
    def _slug_for(self, external_id: str) -> str:
        base = slugify(f"r-{external_id}", allow_unicode=True)[:200] or "r"
        slug, n = base, 1
        # prepare_batch() knows which base slugs are taken; a suffixed one (two ids that
        # slugify alike, rare) is checked against the database.
        while slug in self._taken_slugs or (n > 1 and self._children().filter(slug=slug).exists()):
            n += 1
            slug = f"{base}-{n}"
        self._taken_slugs.add(slug)
        return slug

    def prepare_batch(self, records: list[dict]) -> None:
        """One query each for the batch's existing resources and clashing slugs,
        instead of one per line."""
        ids = [r["external_id"] for r in records]
        self._existing = dict(
            GeneratedResourcePage.objects.filter(external_id__in=ids).values_list("external_id", "pk")
        )
        # The pages a re-import updates, in one query (each is used once: a second line with
        # the same id in the batch reads the page again, as the first update left it).
        self._existing_pages = (
            GeneratedResourcePage.objects.in_bulk(list(self._existing.values())) if self.update_existing else {}
        )
        slugs = [slugify(f"r-{i}", allow_unicode=True)[:200] for i in ids]
        self._taken_slugs = set(self._children().filter(slug__in=slugs).values_list("slug", flat=True))

    def _children(self):
        return Page.objects.filter(path__startswith=self.library.path, depth=self.library.depth + 1)

    def _tag_objects(self, names: list[str]) -> list[Tag]:
        missing = [name for name in names if name not in self.tags]
        if missing:
            for tag in Tag.objects.filter(name__in=missing):
                self.tags[tag.name] = tag
            for name in missing:
                if name not in self.tags:
                    # Tag.save() finds a free slug itself: "课堂观察" and "课堂观察?" share the
                    # slug 课堂观察, and a duplicate slug would fail the whole batch.
                    self.tags[name] = Tag.objects.create(name=name)
        return [self.tags[name] for name in names]

    def _add_child(self, page: GeneratedResourcePage) -> None:
        """Append ``page`` under the library.

        Treebeard's ``add_child`` looks up the last child on every call; during a
        bulk import we compute the next path once and increment it, holding the
        parent's numchild in step (one UPDATE per page, as add_child does).
        """
        library = self.library
        if self._next_path is None:
            # Not get_last_child(): it trusts the in-memory numchild, stale during a bulk import.
            last = Page.objects.filter(path__startswith=library.path, depth=library.depth + 1).order_by("-path").first()
            self._next_path = last._inc_path() if last else Page._get_path(library.path, library.depth + 1, 1)
        page.depth = library.depth + 1
        page.path = self._next_path
        page._cached_parent_obj = library  # saves Page.save() a parent query
        page._is_site_root = False  # and a Site query
        self._next_path = page._inc_path()
        if self.bulk:
            self._new_pages.append(page)  # inserted with the batch's others by finish_batch
            return
        # The creation log entry is written in bulk per batch (finish_batch), not one by one.
        page.save(clean=False, log_action=None)
        self._created.append(page.pk)

    def upsert(self, record: dict) -> tuple[str, int]:
        """Create or update one resource; returns ("created" | "updated" | "skipped", page id)."""
        existing_pk = self._existing.get(record["external_id"])
        # A page created earlier in this batch, not inserted yet: a second line with its id
        # updates it in memory.
        page = self._pending_new.get(record["external_id"])
        if (existing_pk is not None or page is not None) and not self.update_existing:
            return "skipped", existing_pk
        if page is None and existing_pk is not None:
            page = self._existing_pages.pop(existing_pk, None) or GeneratedResourcePage.objects.get(pk=existing_pk)
        created = page is None
        if self.region_scope is not None and not created and page.pk is not None:
            self._check_scope(page.region.path if page.region_id else "", existing=True)
        values = self.resolve(record)
        published = record.get("published", True)
        now = timezone.now()
        if created:
            page = GeneratedResourcePage(
                external_id=record["external_id"],
                slug=self._slug_for(record["external_id"]),
                created_at=now,
                locale_id=self.library.locale_id,  # else Wagtail looks the default locale up per page
            )
        for name, value in values.items():
            setattr(page, name, value)
        page.draft_title = page.title
        page.live = published
        # Imported works come from an accepted source: published ones count as reviewed.
        page.review_status = ReviewStatus.APPROVED if published else ReviewStatus.DRAFT
        page.has_unpublished_changes = not published
        if published:
            page.first_published_at = page.first_published_at or now
            page.last_published_at = now
        tags = self._tag_objects(sorted({t.strip() for t in record.get("tags") or []}))
        if created:
            self._add_child(page)
            if page.pk is None:
                self._pending_new[record["external_id"]] = page
            else:
                self._existing[record["external_id"]] = page.pk
        elif page.pk is None:
            pass  # finish_batch inserts it as it stands after this line
        else:
            # Only the fields an import sets: the slug stays, so Wagtail need not read the old
            # record to compare it, and an imported work is never a site root.
            page._is_site_root = False
            page.save(clean=False, update_fields=[*values, *UPDATED_PAGE_FIELDS])
        if page.pk is None:
            page._import_tags = tags
        else:
            self._pending_tags[page.pk] = tags  # written in bulk by finish_batch
            self._batch_pages[page.pk] = page
        return ("created" if created else "updated"), page.pk

    def _forget_rolled_back(self) -> None:
        # The failed line's transaction rolled back: regions, schools and the tree
        # path it created are gone, so the caches must not hand them out again.
        if not self.bulk:
            self._next_path = None  # in bulk mode no line writes a page: no path was used
        self.regions.clear()
        self.schools.clear()
        self.tags.clear()

    def _writes_nothing(self, record: dict) -> bool:
        """Whether the line only adds to the batch in memory (a new page whose region,
        school and tags are known): then it needs no savepoint of its own."""
        if not self.bulk or (record["external_id"] in self._existing and self.update_existing):
            return False
        region = self.regions.get(record["region"]) if record.get("region") else None
        if record.get("region") and region is None:
            return False
        if record.get("school") and region is not None and (region.pk, record["school"].strip()) not in self.schools:
            return False
        return all(tag.strip() in self.tags for tag in record.get("tags") or [])

    def run(self, lines: Iterable[str], *, progress: Callable[[], None] | None = None) -> ImportResult:
        """Import line by line; see the class docstring.

        Lines are committed in batches of ``BATCH_SIZE``, each line inside its own savepoint:
        a failing line rolls back to its savepoint only. Committing every line would cost
        one disk sync per line (most of the time of a large import on SQLite).
        """
        result = ImportResult()
        numbered = enumerate(lines, start=1)
        with deferred_indexing():
            while True:
                chunk = list(itertools.islice(numbered, BATCH_SIZE))
                if not chunk:
                    break
                before = (result.created, result.updated, result.skipped, len(result.failed))
                try:
                    with transaction.atomic():
                        self._run_batch(chunk, result, progress)
                except DatabaseError:
                    # A bulk write of the batch failed and rolled the batch back: redo it line
                    # by line, each in its own savepoint, so the failing line is reported.
                    result.created, result.updated, result.skipped = before[:3]
                    del result.failed[before[3] :]
                    self.bulk = False
                    self._forget_rolled_back()
                    try:
                        with transaction.atomic():
                            self._run_batch(chunk, result, None)
                    finally:
                        self.bulk = True
                        self._next_path = None
            admin_title_norms_refresh()
        return result

    def _run_batch(self, chunk: list[tuple[int, str]], result: ImportResult, progress) -> None:
        self.prepare_batch(self._parseable(chunk))
        self._created, updated, self._pending_tags, self._batch_pages = [], [], {}, {}
        self._new_pages, self._pending_new = [], {}
        for number, raw in chunk:
            self._run_line(number, raw, result, updated)
            if progress:
                progress()
        self.finish_batch(updated)

    def finish_batch(self, updated: list[int]) -> None:
        """What Wagtail does per saved page, once per batch: the library's child count,
        the creation log entries (one shared uuid per batch), the reference index and the
        search index."""
        if self._new_pages:
            insert_new_pages(self._new_pages, parent=self.library)
            for page in self._new_pages:
                self._created.append(page.pk)
                self._existing[page.external_id] = page.pk
                self._pending_tags[page.pk] = page.__dict__.pop("_import_tags")
                self._batch_pages[page.pk] = page
            self._new_pages, self._pending_new = [], {}
        created = self._created
        Page.objects.filter(pk=self.library.pk).update(numchild=F("numchild") + len(created))
        ResourceTag.objects.filter(content_object_id__in=updated).delete()
        tag_rows = ResourceTag.objects.bulk_create(
            ResourceTag(content_object_id=page_id, tag=tag)
            for page_id, tags in self._pending_tags.items()
            for tag in tags
        )
        rows_by_page: dict[int, list[ResourceTag]] = {}
        for row in tag_rows:
            rows_by_page.setdefault(row.content_object_id, []).append(row)
        # The pages as saved, no refetch. modelcluster answers a page's child relations from
        # this in-memory cache: the tags are the rows just written (with their ids, which the
        # reference index's content paths need), and a new imported page has no comments or
        # attachments; an updated one reads those from the database.
        pages = [self._batch_pages[pk] for pk in dict.fromkeys(created + updated)]
        created_ids = set(created)
        in_memory = connection.features.can_return_rows_from_bulk_insert
        if in_memory:
            children = self._child_objects([pk for pk in updated if pk not in created_ids])
            for page in pages:
                cache = {name: list(children[name].get(page.pk, [])) for name in self._child_relations}
                cache["tagged_items"] = rows_by_page.get(page.pk, [])
                page._cluster_related_objects = cache
        new_pages = [page for page in pages if page.pk in created_ids]
        old_pages = [page for page in pages if page.pk not in created_ids]
        batch_uuid, now = uuid.uuid4(), timezone.now()
        PageLogEntry.objects.bulk_create(
            PageLogEntry(
                page_id=page.pk,
                content_type_id=page.content_type_id,
                label=page.title,
                action="wagtail.create",
                content_changed=True,
                timestamp=now,
                uuid=batch_uuid,
                data={},
            )
            for page in new_pages
        )
        if in_memory:
            reference_index_pages(pages=new_pages, existing=old_pages)
        else:
            reference_index_pages(pages=new_pages)
            for page in old_pages:
                ReferenceIndex.create_or_update_for_object(page)
        for page in pages:
            page._body_search_text = stream_text(page.body)  # once, not once per admin-index pass
        for backend in get_search_backends():
            admin_index_pages(backend, pages)
        for page in pages:
            page.__dict__.pop("_cluster_related_objects", None)
            page.__dict__.pop("_body_search_text", None)
        self._batch_pages = {}
        # Imported pages are saved with per-save receivers held back and are not published
        # through Wagtail: one announcement for the batch (search outbox, page cache).
        if pages:
            resources_changed.send(sender=GeneratedResourcePage, page_ids=[page.pk for page in pages])

    def _child_objects(self, page_ids: list[int]) -> dict[str, dict[int, list]]:
        """The child rows (attachments, comments …) of updated pages, one query per relation,
        so the reference index scans them from memory (``finish_batch``)."""
        found: dict[str, dict[int, list]] = {name: {} for name in self._child_relations}
        if not page_ids:
            return found
        for relation in get_all_child_relations(GeneratedResourcePage):
            name = relation.get_accessor_name()
            if name == "tagged_items":
                continue  # the rows finish_batch has just written
            rows = relation.related_model._default_manager.filter(**{f"{relation.field.name}__in": page_ids})
            for row in rows:
                found[name].setdefault(getattr(row, relation.field.attname), []).append(row)
        return found

    def _parseable(self, chunk: list[tuple[int, str]]) -> list[dict]:
        records = []
        for _, raw in chunk:
            try:
                record = json.loads(raw)
            except ValueError:
                continue
            if isinstance(record, dict) and isinstance(record.get("external_id"), str):
                records.append(record)
        return records

    def _run_line(self, number: int, raw: str, result: ImportResult, updated: list[int]) -> None:
        line = raw.strip()
        if not line or line.startswith("#"):
            return
        try:
            record = self.parse(line)
            if self._writes_nothing(record):
                outcome, page_id = self.upsert(record)
            else:
                with transaction.atomic():
                    outcome, page_id = self.upsert(record)
        except ImportLineError as exc:
            result.failed.append((number, str(exc)))
            self._forget_rolled_back()
        except DatabaseError as exc:
            # Rolled back to the line's savepoint; the import goes on.
            result.failed.append((number, f"数据库拒绝了这一行：{exc.__class__.__name__}"))
            self._forget_rolled_back()
        else:
            setattr(result, outcome, getattr(result, outcome) + 1)
            if outcome == "updated" and page_id is not None:
                updated.append(page_id)


@contextmanager
def deferred_indexing():
    """Suspend the per-save index updates of resource pages during a bulk import.

    On every save Wagtail queues a search-index and a reference-index update, and listeners
    of resource saves (the portal's search outbox) record the page; the importer does all
    of it once per batch instead (``finish_batch`` sends ``resources_changed``).
    """
    post_save.disconnect(search_post_save, sender=GeneratedResourcePage)
    try:
        with disable_reference_index_auto_update(), bulk_write():
            yield
    finally:
        post_save.connect(search_post_save, sender=GeneratedResourcePage)


def resources_import(
    *,
    lines: Iterable[str],
    library: ResourceIndexPage | None = None,
    progress: Callable[[], None] | None = None,
    update_existing: bool = True,
    region_scope: str | None = None,
) -> ImportResult:
    """Import resources from JSON Lines; see ``ResourceImporter``.

    ``update_existing=False`` leaves resources that already exist untouched (used by
    ``load_demo`` so that re-running it never undoes what users did with the demo works).
    """
    importer = ResourceImporter(library=library, update_existing=update_existing, region_scope=region_scope)
    return importer.run(lines, progress=progress)
