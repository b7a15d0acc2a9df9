"""Search index state kept in the database: the transactional outbox that feeds every index,
and the embedded database search index (the default backend and Elasticsearch's fallback)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Visibility(models.TextChoices):
    """Who may find a document. Public search filters on ``public`` only."""

    PUBLIC = "public", "公开"
    PRIVATE = "private", "不公开"


class DocumentType(models.TextChoices):
    """What a search document is (the ``type`` facet): every public kind of page the portal
    publishes. A resource's own kind (教学设计, 课件 …) is the separate ``kind`` facet."""

    RESOURCE = "resource", "资源"
    COURSE = "course", "课程"
    MICRO_LECTURE = "micro_lecture", "微课"
    RECORDING = "recording", "课堂实录"
    CASE = "case", "同课异构案例"
    WORKSHOP = "workshop", "工作坊"


class SearchOutbox(models.Model):
    """A resource changed (发件箱): written in the same transaction as the change.

    The row's id is the version of the change: delivery reads the resource as committed
    and writes it to Elasticsearch with this id as its external version, so an older
    change can never overwrite a newer one. Rows stay pending while a target is down.
    """

    page_id = models.PositiveBigIntegerField("页面 ID", db_index=True)
    created_at = models.DateTimeField("时间", default=timezone.now)
    db_indexed = models.BooleanField("已写入数据库索引", default=False)
    es_delivered = models.BooleanField("已送达 Elasticsearch", default=False)
    attempts = models.PositiveIntegerField("送达尝试次数", default=0)
    last_error = models.CharField("最近错误", max_length=500, blank=True)

    class Meta:
        verbose_name = "搜索发件箱"
        verbose_name_plural = "搜索发件箱"
        indexes = [
            models.Index(fields=["es_delivered", "id"], name="search_outbox_es_pending"),
            models.Index(fields=["db_indexed", "id"], name="search_outbox_db_pending"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} page {self.page_id}"


class SearchDocument(models.Model):
    """One public page in the database search index (a resource, course, micro-lecture, lesson
    recording, 同课异构 case or workshop): what a result shows and filters on."""

    page = models.OneToOneField(
        "wagtailcore.Page", primary_key=True, on_delete=models.CASCADE, related_name="+", db_constraint=True
    )
    visibility = models.CharField(max_length=16, choices=Visibility.choices)
    type = models.CharField(max_length=16, choices=DocumentType.choices, default=DocumentType.RESOURCE)
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="正文纯文本（截断），用于摘要片段。")
    url = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=20)
    subject = models.CharField(max_length=50, blank=True)
    stage = models.CharField(max_length=50, blank=True)
    grade = models.CharField(max_length=30, blank=True)
    region = models.CharField(max_length=255, blank=True)
    school = models.CharField(max_length=100, blank=True)
    author = models.CharField(max_length=50, blank=True)
    tags = models.JSONField(default=list)
    recommendation_level = models.PositiveSmallIntegerField(default=0)
    published_at = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=40)
    version = models.BigIntegerField(default=0, help_text="最后写入的发件箱序号。")

    class Meta:
        verbose_name = "搜索文档"
        verbose_name_plural = "搜索文档"
        indexes = [
            models.Index(fields=["visibility", "published_at"], name="search_doc_vis_published"),
            models.Index(fields=["visibility", "recommendation_level"], name="search_doc_vis_level"),
            models.Index(fields=["visibility", "type"], name="search_doc_vis_type"),
        ]

    def __str__(self) -> str:
        return self.title


class SearchTerm(models.Model):
    """A posting of the PostgreSQL index: ``document`` contains the jieba token ``term``;
    ``weight`` is its saturated, field-boosted frequency (title and tags weigh more than body).
    On SQLite the table stays empty: the FTS5 table ``search_fts`` holds the index there."""

    # The primary key is (document, term): a posting is one token of one document, and this
    # index serves lookups by document. No surrogate id and no index besides the lookup one:
    # an import writes hundreds of postings per document, and every index and the id sequence
    # cost PostgreSQL time on each. On PostgreSQL ``term`` is compared bytewise (collation
    # "C", set by migration 0007; SQLite has no such collation, so it is not declared here):
    # postings are only ever looked up by equality, and the two indexes holding ``term``
    # were most of the cost of writing them. No database constraint either: PostgreSQL
    # checked the deferred foreign key of every posting at commit, more than half the cost
    # of writing them. Postings are written only by ``backends.database.index_documents``,
    # right after their document in the same transaction, and Django still deletes them
    # with their document (on_delete=CASCADE).
    pk = models.CompositePrimaryKey("document", "term")
    document = models.ForeignKey(
        SearchDocument, on_delete=models.CASCADE, related_name="terms", db_index=False, db_constraint=False
    )
    term = models.CharField(max_length=40)
    weight = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["term", "document", "weight"], name="search_term_lookup")]

    def __str__(self) -> str:
        return f"{self.term} @ {self.document_id}"


class SearchFacet(models.Model):
    """A facet value of a document (subject=数学, region=湖南省/长沙市, tag=大单元教学 …):
    filters and facet counts are the same table lookups for every facet."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(max_length=10)
    value = models.CharField(max_length=255)

    class Meta:
        indexes = [models.Index(fields=["facet", "value", "document"], name="search_facet_lookup")]

    def __str__(self) -> str:
        return f"{self.facet}={self.value} @ {self.document_id}"


class SearchDrain(models.Model):
    """Heartbeat of a process that drains the outbox (``search.drain``): every Celery worker,
    and web processes that run tasks in-process. Read by ``services.outbox_status()``."""

    name = models.CharField("进程", max_length=200, unique=True)
    started_at = models.DateTimeField("启动时间", default=timezone.now)
    last_drain_at = models.DateTimeField("最近补投时间", default=timezone.now)

    class Meta:
        verbose_name = "发件箱补投进程"
        verbose_name_plural = "发件箱补投进程"

    def __str__(self) -> str:
        return self.name


class SearchSynonym(models.Model):
    """An editor's entry of the synonym dictionary (同义词), merged with ``search/synonyms/*.tsv``
    at query time: a new alias of a name, or (``enabled`` off) a file pair switched off."""

    KIND_CHOICES = [
        ("grade", "年级"),
        ("subject", "学科"),
        ("stage", "学段"),
        ("edition", "教材版本"),
        ("kind", "资源类型"),
        ("concept", "学科概念"),
        ("method", "教学方法"),
    ]

    canonical = models.CharField("规范名称", max_length=50, help_text="例如：生物学、七年级、根与系数的关系。")
    alias = models.CharField("别称", max_length=50, help_text="例如：生物、初一、韦达定理。")
    kind = models.CharField("类别", max_length=10, choices=KIND_CHOICES, default="concept")
    source = models.CharField("来源或说明", max_length=200, blank=True)
    enabled = models.BooleanField("启用", default=True, help_text="取消勾选可停用词典文件中的同一对词。")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "搜索同义词"
        verbose_name_plural = "搜索同义词"
        constraints = [models.UniqueConstraint(fields=["canonical", "alias"], name="search_synonym_unique")]

    def __str__(self) -> str:
        return f"{self.alias} → {self.canonical}"


class SearchSuggestion(models.Model):
    """A suggestion while typing (输入提示) of a public work: one row per prefix key of its
    title (the folded title from each word start, and its pinyin initials) and per tag.

    Written with the work's ``SearchDocument`` (``search.suggest.rows``) and deleted with it
    (cascade), so it follows the outbox like every index. Only public works have rows: the
    endpoint never joins or filters on visibility. ``key`` is matched by prefix as a range of
    the ``(kind, key)`` index, in code point order (SQLite's BINARY; collation "C" on
    PostgreSQL, set by the migration)."""

    KINDS = [("title", "作品"), ("tag", "标签")]

    document = models.ForeignKey(
        SearchDocument, on_delete=models.CASCADE, related_name="suggestions", db_constraint=False
    )
    kind = models.CharField(max_length=8, choices=KINDS)
    key = models.CharField(max_length=40)
    label = models.CharField(max_length=255)
    target = models.CharField(max_length=500, blank=True, help_text="作品的网址（标签为空）。")
    weight = models.PositiveSmallIntegerField(default=0, help_text="推优等级：排序用。")

    class Meta:
        indexes = [
            models.Index(fields=["kind", "key"], name="search_suggest_prefix"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key} → {self.label}"
