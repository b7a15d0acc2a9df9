"""资源云: the library of generated resources (生成性资源) and its index page."""

from __future__ import annotations

import hashlib
import json
import uuid

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, Site
from wagtail.search import index

from home.blocks import BodyStreamBlock
from home.models import Grade, Region, School, Stage, Subject
from home.people import display_name
from home.text import stream_text
from home.visibility import OneQueryRestrictionsMixin, PublicPageQuerySet

from .review.forms import ResourcePageForm
from .review.library import county_library_works

# Models of review and recommendation (审核与推优) live in resources.review; re-exported here.
from .review.models import (  # noqa: F401
    Recommendation,
    RecommendationLevel,
    RecommendationQuota,
    ReviewDecision,
    ReviewNotification,
    ReviewStatus,
    ScopedReviewTask,
)


class ResourceKind(models.TextChoices):
    """Kinds of generated resource; the codes are those of the JSON Lines import."""

    TEACHING_DESIGN = "teaching_design", "教学设计"
    UNIT_CASE = "unit_case", "单元整体教学案例"
    RESEARCH_PLAN = "research_plan", "主题式校本研修方案"
    TRAINING_SUMMARY = "training_summary", "研修总结"
    PRACTICE_REPORT = "practice_report", "返岗实践总结报告"
    REFLECTION = "reflection", "教学反思"
    COURSEWARE = "courseware", "课件"
    MICRO_COURSE = "micro_course", "微课"
    LESSON_RECORDING = "lesson_recording", "课堂实录"
    OTHER = "other", "其他"


class AttachmentPart(models.TextChoices):
    """What an attachment is to its work (附件类别): the parts a kind may require."""

    TEACHING_DESIGN = "teaching_design", "教学设计"
    TASK_SHEET = "task_sheet", "学习任务单"
    COURSEWARE = "courseware", "课件"
    EXERCISE = "exercise", "练习"
    OTHER = "other", "其他附件"


class WorkRequirement(models.Model):
    """作品必备部分: what a work of one kind must carry before it may be submitted for review.

    Editors keep these in the admin (片段 → 作品必备部分). A kind without a row needs nothing
    beyond the form's own required fields. Submission is refused with the list of what is
    missing (``missing_parts``), and reviewers see the same checklist.
    """

    kind = models.CharField("资源类型", max_length=20, choices=ResourceKind.choices, unique=True)
    needs_video = models.BooleanField("必须上传视频", default=False)
    required_parts = models.JSONField(
        "必备附件",
        default=list,
        blank=True,
        help_text="附件类别代码：teaching_design 教学设计、task_sheet 学习任务单、courseware 课件、exercise 练习。",
    )

    panels = [FieldPanel("kind"), FieldPanel("needs_video"), FieldPanel("required_parts")]

    class Meta:
        verbose_name = "作品必备部分"
        verbose_name_plural = "作品必备部分"

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self):
        from django.core.exceptions import ValidationError

        known = set(AttachmentPart.values)
        if not isinstance(self.required_parts, list) or not set(self.required_parts) <= known:
            raise ValidationError(
                {"required_parts": '请填写附件类别代码的列表，例如 ["teaching_design", "courseware"]。'}
            )


def missing_parts(page) -> list[str]:
    """What ``page`` (any revision's object) still lacks for its kind, in Chinese, in order."""
    requirement = WorkRequirement.objects.filter(kind=page.kind).first()
    if requirement is None:
        return []
    missing = []
    if requirement.needs_video and not page.video_id:
        missing.append("视频")
    present = {attachment.part for attachment in page.attachments.all()}
    labels = dict(AttachmentPart.choices)
    missing += [labels[part] for part in requirement.required_parts if part in labels and part not in present]
    return missing


class ResourceQuerySet(PublicPageQuerySet):
    def for_cards(self):
        """Everything a resource card shows, in the same query; not the body, which a card
        never shows (decoding its JSON was a tenth of a listing's time)."""
        return self.select_related("subject", "stage", "grade", "region", "school").defer("body")


class ResourceTag(TaggedItemBase):
    content_object = ParentalKey(
        "resources.GeneratedResourcePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


# How long a rendered listing (filter form and cards) stays in the cache; a new page-cache
# generation replaces it sooner. Sorted by views, the order moves with every flush of the view
# counters (which starts no generation), so that listing is kept for a minute only.
LISTING_SECONDS = 600
LISTING_VIEWS_SECONDS = 60


class ResourceIndexPage(OneQueryRestrictionsMixin, RoutablePageMixin, Page):
    """资源库: lists published resources with combinable filters, sorting and pagination."""

    intro = models.TextField("简介", blank=True, help_text="显示在资源库列表上方的说明文字。")
    page_size = models.PositiveSmallIntegerField("每页条数", default=20, help_text="列表每页显示的资源数，10–100。")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("page_size")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.GeneratedResourcePage"]

    class Meta:
        verbose_name = "资源库"

    def get_resources(self):
        """Published resources of this library, with what a listing card shows."""
        return GeneratedResourcePage.objects.visible_to_public().descendant_of(self).for_cards()

    def paginate(self, request, queryset):
        size = max(10, min(100, self.page_size or 20))
        # get_page: a missing or malformed number gives page 1, one past the end the last page.
        return Paginator(queryset, size).get_page(request.GET.get("page", 1))

    def get_context(self, request, *args, **kwargs):
        from .filters import ResourceFilter

        context = super().get_context(request, *args, **kwargs)
        resource_filter = ResourceFilter(request.GET, request=request)
        queryset = resource_filter.apply(self.get_resources())
        context["filter"] = resource_filter
        # Lazy: counted and read only when the listing below is not in the cache.
        context["resources"] = SimpleLazyObject(lambda: self.paginate(request, queryset))
        context["query_string"] = resource_filter.query_string(exclude=("page",))
        if getattr(request, "is_preview", False):  # a draft is never stored nor read
            context["listing_key"], context["listing_seconds"] = uuid.uuid4().hex, 0
        else:
            context["listing_key"] = self.listing_key(request, resource_filter)
            context["listing_seconds"] = LISTING_VIEWS_SECONDS if resource_filter.sort == "views" else LISTING_SECONDS
        return context

    def listing_key(self, request, resource_filter) -> str:
        """Cache key of the filter form and the cards for one set of filters and one page number.

        The listing is the same for everyone who asks with the same parameters (no user, no
        CSRF token inside), so it is rendered once per page-cache generation: publishing,
        unpublishing, moving or deleting a work, a review change (``resources_changed``) or a
        taxonomy edit starts a new one. The parameters are the filter's cleaned ones, so
        ``?subject=生物`` and ``?subject=生物学`` share an entry; the page number is taken as
        given (``get_page`` turns a malformed one into page 1), cut to a few characters."""
        from home.page_cache import generation

        params = json.dumps([resource_filter.data, request.GET.get("page", "")[:12]], sort_keys=True)
        digest = hashlib.sha256(params.encode()).hexdigest()[:32]
        return f"{generation(request)}:{self.pk}:{digest}"

    def route(self, request, path_components):
        """A work's page with what its page shows, from the cache while the page-cache generation
        lasts, else in one query (Wagtail's routing takes two and then one per related field).
        Sub-routes (``county/<id>/``) have two components."""
        if len(path_components) == 1:
            work = self._routed_work(request, path_components[0])
            if work is not None:
                work.library = self
                return work.route(request, [])
        return super().route(request, path_components)

    def _routed_work(self, request, slug: str):
        """The live copy of a work as routing and its page need it. What the public sees of a
        work changes only when it is published, unpublished, moved or deleted, or its review
        changes (``resources_changed``): each starts a new page-cache generation, so a copy
        kept under the generation is never stale. The one field that moves without a new
        generation, the stored view count, is read fresh by the page (``stored_view_count``)."""
        from django.core.cache import cache

        from home.page_cache import generation

        key = f"library-work:{generation(request)}:{self.pk}:{hashlib.sha256(slug.encode()).hexdigest()[:32]}"
        work = cache.get(key)
        if work is not None:
            work._view_count_from_cache = True
            return work
        work = (
            GeneratedResourcePage.objects.child_of(self)
            .filter(slug=slug)
            .select_related("subject", "stage", "grade", "region", "school__region")
            .first()
        )
        if work is not None:
            cache.set(key, work, FRAGMENT_SECONDS)
        return work

    def permissions_for_user(self, user):
        """Nobody but a superuser publishes a new work from the editor (see the tester)."""
        from .review.permissions import LibraryPermissionTester

        return LibraryPermissionTester(user, self)

    @path("county/<int:region_id>/", name="county_library")
    def county_library(self, request, region_id: int):
        """区县资源库: the county's works recognised as 县级优秀 or higher."""
        county = Region.objects.filter(pk=region_id, level=Region.Level.COUNTY).first()
        if county is None:
            raise Http404("没有这个区县。")
        works = county_library_works(library=self, county=county)
        return self.render(
            request,
            context_overrides={"county": county, "resources": self.paginate(request, works)},
            template="resources/review/county_library.html",
        )


# How long the shared part of a work's page stays in the cache (a new generation replaces it sooner).
FRAGMENT_SECONDS = 600


class GeneratedResourcePage(OneQueryRestrictionsMixin, Page):
    """生成性资源: a work a teacher produced in training (教学设计, 单元整体教学案例, 研修方案 …)."""

    kind = models.CharField(
        "资源类型", max_length=20, choices=ResourceKind.choices, default=ResourceKind.TEACHING_DESIGN
    )
    summary = models.TextField(
        "摘要", max_length=500, help_text="一两句话说明这份资源的内容与亮点，显示在列表与搜索结果中。"
    )
    body = StreamField(BodyStreamBlock(), verbose_name="正文", blank=True, use_json_field=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name="封面图", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    video = models.ForeignKey(
        "wagtailmedia.Media",
        verbose_name="视频",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="微课、课堂实录的视频。",
    )
    subject = models.ForeignKey(Subject, verbose_name="学科", on_delete=models.PROTECT, related_name="resources")
    stage = models.ForeignKey(Stage, verbose_name="学段", on_delete=models.PROTECT, related_name="resources")
    grade = models.ForeignKey(
        Grade, verbose_name="年级", null=True, blank=True, on_delete=models.SET_NULL, related_name="resources"
    )
    region = models.ForeignKey(
        Region, verbose_name="区域", null=True, blank=True, on_delete=models.SET_NULL, related_name="resources"
    )
    school = models.ForeignKey(
        School, verbose_name="学校", null=True, blank=True, on_delete=models.SET_NULL, related_name="resources"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="作者账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authored_resources",
        help_text="平台内作者；导入的作品可只填作者姓名。",
    )
    author_name = models.CharField("作者姓名", max_length=50, blank=True)
    tags = ClusterTaggableManager(through=ResourceTag, verbose_name="标签", blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    external_id = models.CharField(
        "外部编号",
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="批量导入时的唯一编号；再次导入同一编号会更新而不是重复创建。",
    )
    view_count = models.PositiveIntegerField("浏览次数", default=0, editable=False)
    # Filled by the review and recommendation workflow (审核与推优).
    recommendation_level = models.PositiveSmallIntegerField(
        "推优级别", choices=RecommendationLevel.choices, default=RecommendationLevel.NONE, editable=False, db_index=True
    )
    award_suspended_level = models.PositiveSmallIntegerField(
        "待复核的推优级别",
        null=True,
        blank=True,
        editable=False,
        help_text="获奖版本被实质修改后，推优徽章暂停公开，待认定层级确认；此处保留原级别。",
    )
    review_status = models.CharField(
        "审核状态",
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.DRAFT,
        editable=False,
        db_index=True,
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("subject"), FieldPanel("stage"), FieldPanel("grade")], "分类"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("cover_image"),
        FieldPanel("video"),
        InlinePanel("attachments", label="附件", help_text="教案、课件等文件，访客可在资源页下载。"),
        MultiFieldPanel(
            [FieldPanel("author"), FieldPanel("author_name"), FieldPanel("school"), FieldPanel("region")], "作者与单位"
        ),
        FieldPanel("tags"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        # The admin's index takes the body as plain text (tags stripped with one regex,
        # the same text the portal's search indexes) rather than Wagtail's HTML-parser pass
        # over every rich-text block, which dominated bulk import time.
        index.SearchField("body_search_text"),
        index.SearchField("author_name"),
        index.FilterField("kind"),
        index.FilterField("subject"),
        index.FilterField("stage"),
        index.FilterField("recommendation_level"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types: list[str] = []

    objects = PageManager.from_queryset(ResourceQuerySet)()
    base_form_class = ResourcePageForm

    class Meta:
        verbose_name = "生成性资源"
        verbose_name_plural = "生成性资源"
        indexes = [models.Index(fields=["view_count"])]

    def body_search_text(self) -> str:
        """The body as plain text, for Wagtail's admin index (which asks three times per page:
        title, body and autocomplete passes). A bulk indexer may set ``_body_search_text`` on
        the instance for the duration of its pass; see ``ResourceImporter.finish_batch``."""
        cached = self.__dict__.get("_body_search_text")
        if cached is not None:
            return cached
        return stream_text(self.body)

    @property
    def author_display(self) -> str:
        if self.author_name:
            return self.author_name
        if self.author_id:
            return display_name(self.author)
        return ""

    def permissions_for_user(self, user):
        """Wagtail's page permissions, scoped to the user's school or region (审核与推优)."""
        from .review.permissions import ResourcePermissionTester

        return ResourcePermissionTester(user, self)

    def with_content_json(self, content):
        """Review fields belong to the work, not to a revision: publishing an older
        revision must not roll back its review status or recommendation level."""
        obj = super().with_content_json(content)
        obj.review_status = self.review_status
        obj.recommendation_level = self.recommendation_level
        obj.award_suspended_level = self.award_suspended_level
        return obj

    def get_related_resources(self, limit: int = 6):
        """Other published works of the same subject and stage, newest first."""
        return (
            GeneratedResourcePage.objects.visible_to_public()
            .filter(subject_id=self.subject_id, stage_id=self.stage_id)
            .exclude(pk=self.pk)
            .for_cards()
            .order_by("-first_published_at")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        from .view_counts import resource_pending_views

        context = super().get_context(request, *args, **kwargs)
        library = self.__dict__.get("library")  # set when routed through the library
        if library is None:
            library = self.get_parent().specific_deferred
        context["library"] = library
        context["breadcrumbs"] = self._breadcrumbs(request, library)
        context["county_library"] = self._county_library(parent=library)
        context["view_count"] = self.stored_view_count() + resource_pending_views(resource_id=self.pk)
        # Lazy: read only when the shared fragment below is not in the cache.
        context["attachments"] = self.attachments.select_related("document")
        context["related_resources"] = self.get_related_resources  # a callable: built only if used
        context.update(self.video_context(request))
        if getattr(request, "is_preview", False):  # a draft is never stored nor read
            context["fragment_key"], context["fragment_seconds"] = uuid.uuid4().hex, 0
        else:
            context["fragment_key"], context["fragment_seconds"] = self.fragment_key(request), FRAGMENT_SECONDS
        return context

    def stored_view_count(self) -> int:
        """Views already moved to the database; read afresh when this copy came from the cache
        (``ResourceIndexPage._routed_work``), as each flush of the counters moves it."""
        if not self.__dict__.get("_view_count_from_cache"):
            return self.view_count
        # No ordering: Page's default (by tree path) would join wagtailcore_page for one row.
        stored = GeneratedResourcePage.objects.filter(pk=self.pk).order_by().values_list("view_count", flat=True)
        return next(iter(stored), self.view_count)

    def video_context(self, request) -> dict:
        """The work's video player, for those the media policy lets watch it (``home.media``:
        the page's rules and, on top, the recording's consent, ``home.consent``); others see a
        notice and no stream address. A 下载 link only where the recording allows downloads."""
        from home.consent import consent_of
        from home.media import may_view_file

        memo = self.__dict__.get("_video_context")
        if memo is not None and memo[0] is request:
            return memo[1]
        video = self.video if self.video_id else None
        shown = video is not None and may_view_file(request.user, video)
        consent = consent_of(video) if shown else None
        context = {
            "video_shown": shown,
            "video_withheld": video is not None and not shown,
            "video_downloadable": bool(consent and consent.downloads_allowed),
        }
        self.__dict__["_video_context"] = (request, context)
        return context

    def fragment_key(self, request=None) -> str:
        """Cache key of what the page shows the same to everyone (tags, cover, body, attachments,
        related works): it changes with the page-cache generation, i.e. whenever a page is
        published, unpublished, moved or deleted, or works change (``resources_changed``,
        also sent when a recording's consent changes); the video part differs by whether the
        visitor may watch the video and download it."""
        from home.page_cache import generation

        video = ""
        if self.video_id and request is not None:
            shown = self.video_context(request)
            video = f":v{int(shown['video_shown'])}{int(shown['video_downloadable'])}"
        return f"{generation(request)}:{self.pk}{video}"

    def _breadcrumbs(self, request, library) -> list[Page]:
        """Home and the library, known from routing when the library sits under the site root."""
        site = Site.find_for_request(request)
        root = site.root_page if site is not None else None
        if root is not None and library.depth == root.depth + 1 and library.path.startswith(root.path):
            return [root, library]
        return list(self.get_ancestors().filter(depth__gt=1))

    def _county_library(self, *, parent) -> dict[str, str] | None:
        """``{"name", "url"}`` of the 区县资源库 this work belongs to, for a link from its page (a
        dict: the template's ``county_library.name`` is found at the first try, where a tuple's
        ``.0`` goes through a failed attribute lookup and ``dir()`` on every view)."""
        from home.models import Region

        from .review.scope import page_county

        county = page_county(self)
        if county is None or county.level != Region.Level.COUNTY or not isinstance(parent, ResourceIndexPage):
            return None
        return {
            "name": f"{county.name}资源库",
            "url": parent.url + parent.reverse_subpage("county_library", args=[county.pk]),
        }

    def serve(self, request, *args, **kwargs):
        from .view_counts import resource_record_view

        response = super().serve(request, *args, **kwargs)
        if request.method == "GET" and not getattr(request, "is_preview", False):
            resource_record_view(resource_id=self.pk)
        return response


class ResourceAttachment(Orderable):
    """附件: a Wagtail document attached to a resource, downloadable from its page."""

    page = ParentalKey(GeneratedResourcePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="文件", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("显示名称", max_length=120, blank=True, help_text="留空则使用文件标题。")
    part = models.CharField("类别", max_length=20, choices=AttachmentPart.choices, default=AttachmentPart.OTHER)

    panels = [FieldPanel("document"), FieldPanel("part"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = "附件"
        verbose_name_plural = "附件"

    @property
    def display_title(self) -> str:
        return self.title or self.document.title
