"""同课异构 showcase: one lesson taught by several teachers, the designs compared side by side.

A case (``ShowcaseCasePage``) names the lesson and holds two or more designs (``CaseDesign``).
A design is built from resources already in the library — the teaching design, courseware and
reflection are ``GeneratedResourcePage`` pages chosen in the admin — plus a recording (a
wagtailmedia ``Media``) and the comparison points (objectives, key activities, time allocation,
assessment). Teacher, school and region are read from the chosen teaching design, so nothing is
entered twice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from wagtailmedia.edit_handlers import MediaChooserPanel

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.utils.functional import cached_property

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from home.consent import is_public, recording_response
from home.models import Grade, Stage, Subject
from home.params import parse_ids
from resources.models import GeneratedResourcePage, ResourceKind, ResourceQuerySet

from .blocks import PHASE_KINDS, TimeAllocationBlock
from .filters import CaseFilter

COMMENTARY_FEATURES = ["bold", "italic", "ol", "ul", "link"]
MIN_COMPARED = 2
MAX_COMPARED = 3


class ShowcaseIndexPage(Page):
    """同课异构展示: the list of cases, filterable by subject, stage and region, with the
    cases featured by editors (编辑推荐) on top."""

    intro = models.TextField("简介", blank=True, help_text="显示在案例列表上方的说明文字。")
    page_size = models.PositiveSmallIntegerField("每页条数", default=12, help_text="列表每页显示的案例数，6–60。")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("page_size")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["showcase.ShowcaseCasePage"]
    max_count = 1

    class Meta:
        verbose_name = "同课异构展示"

    def get_cases(self):
        """Published cases of this showcase, with what a case card shows."""
        return ShowcaseCasePage.objects.visible_to_public().descendant_of(self).for_cards()

    def get_featured_cases(self, limit: int = 3):
        return self.get_cases().filter(featured=True).order_by("-first_published_at", "-pk")[:limit]

    def paginate(self, request, queryset):
        size = max(6, min(60, self.page_size or 12))
        # get_page: a missing or malformed number gives page 1, one past the end the last page.
        return Paginator(queryset, size).get_page(request.GET.get("page", 1))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        case_filter = CaseFilter(request.GET, cases=self.get_cases())
        context["filter"] = case_filter
        context["cases"] = self.paginate(request, case_filter.apply(self.get_cases()))
        context["featured_cases"] = [] if case_filter.active() else self.get_featured_cases()
        context["query_string"] = case_filter.query_string(exclude=("page",))
        return context


class CaseQuerySet(ResourceQuerySet):
    """Case pages; ``visible_to_public()`` (live, unrestricted) in one SQL query, as for resources."""

    def for_cards(self):
        """Everything a case card shows in a fixed number of queries: taxonomies joined,
        the public designs with their school and region prefetched (``public_designs``)."""
        public_designs = (
            CaseDesign.objects.filter(teaching_design__in=GeneratedResourcePage.objects.visible_to_public())
            .select_related("teaching_design__school", "teaching_design__region")
            .order_by("sort_order")
        )
        return self.select_related("subject", "stage", "grade").prefetch_related(
            Prefetch("designs", queryset=public_designs, to_attr="public_designs")
        )


class ShowcaseCasePage(RoutablePageMixin, Page):
    """同课异构 case: one lesson, several designs, comparison points and expert commentary (专家点评)."""

    subject = models.ForeignKey(Subject, verbose_name="学科", on_delete=models.PROTECT, related_name="+")
    stage = models.ForeignKey(Stage, verbose_name="学段", on_delete=models.PROTECT, related_name="+")
    grade = models.ForeignKey(
        Grade, verbose_name="年级", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    textbook_edition = models.CharField(
        "教材版本", max_length=50, blank=True, help_text="如“人教版”“统编版”“北师大版”。"
    )
    unit = models.CharField("单元", max_length=100, blank=True, help_text="如“第十七章 勾股定理”。")
    lesson_title = models.CharField("课题", max_length=100, help_text="同一课题，如“勾股定理（第一课时）”。")
    intro = RichTextField(
        "案例简介", blank=True, features=COMMENTARY_FEATURES, help_text="为什么选这节课、几位老师的设计各有什么侧重。"
    )
    expert_commentary = RichTextField("专家点评", blank=True, features=COMMENTARY_FEATURES)
    expert_name = models.CharField("点评专家", max_length=50, blank=True)
    expert_title = models.CharField(
        "专家单位与职务", max_length=100, blank=True, help_text="如“天津市教育科学研究院 初中数学教研员”。"
    )
    featured = models.BooleanField(
        "编辑推荐", default=False, db_index=True, help_text="推荐的案例显示在首页和案例列表顶部。"
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("subject"), FieldPanel("stage"), FieldPanel("grade")]),
                FieldRowPanel([FieldPanel("textbook_edition"), FieldPanel("unit"), FieldPanel("lesson_title")]),
            ],
            "课例",
        ),
        FieldPanel("intro"),
        InlinePanel(
            "designs",
            label="教学设计",
            min_num=MIN_COMPARED,
            max_num=6,
            help_text="从资源库中选择同一课题的教学设计、课件与反思，并上传课堂实录；教师、学校与区域取自所选教学设计。",
        ),
        MultiFieldPanel(
            [FieldPanel("expert_name"), FieldPanel("expert_title"), FieldPanel("expert_commentary")], "专家点评"
        ),
    ]
    promote_panels = Page.promote_panels + [FieldPanel("featured")]

    search_fields = Page.search_fields + [
        index.SearchField("lesson_title", boost=2),
        index.SearchField("intro"),
        index.SearchField("expert_commentary"),
        index.SearchField("unit"),
        index.FilterField("subject"),
        index.FilterField("stage"),
        index.FilterField("featured"),
    ]

    parent_page_types = ["showcase.ShowcaseIndexPage"]
    subpage_types: list[str] = []

    objects = PageManager.from_queryset(CaseQuerySet)()

    class Meta:
        verbose_name = "同课异构案例"
        verbose_name_plural = "同课异构案例"

    # --- what a visitor sees -------------------------------------------------------
    @property
    def lesson_display(self) -> str:
        parts = [self.stage.name, self.grade.name if self.grade_id else "", self.subject.name, self.textbook_edition]
        return " · ".join(p for p in parts if p)

    def get_designs(self) -> list[CaseDesign]:
        """Designs whose teaching design is published and public, in editor order.

        A design whose teaching design was unpublished (or restricted) disappears from the
        case, and a courseware or reflection that is no longer public is not linked: a case
        never shows what the library itself would not. A recording is shown (``public_recording``)
        only with public consent (``home.consent``): a case is public, so a recording of pupils
        held back to a school or a group gets a notice instead of a player, and no stream.
        """
        designs = list(
            self.designs.select_related(
                "teaching_design__school",
                "teaching_design__region",
                "teaching_design__author",
                "recording__consent",
                "courseware",
                "reflection",
            )
        )
        linked = {pk for d in designs for pk in (d.teaching_design_id, d.courseware_id, d.reflection_id) if pk}
        public = set(
            GeneratedResourcePage.objects.visible_to_public().filter(pk__in=linked).values_list("pk", flat=True)
        )
        visible = []
        for number, design in enumerate((d for d in designs if d.teaching_design_id in public), 1):
            design.number = number
            design.public_courseware = design.courseware if design.courseware_id in public else None
            design.public_reflection = design.reflection if design.reflection_id in public else None
            design.public_recording = design.recording if is_public(design.recording) else None
            visible.append(design)
        return visible

    def choose_designs(self, designs: list[CaseDesign], wanted: list[str]) -> tuple[list[CaseDesign], str]:
        """The two or three designs to compare (``?d=<id>&d=<id>``), in case order, and an
        error message when the choice was not usable (then the first ones are compared)."""
        default = designs[:MAX_COMPARED]
        if not wanted:
            return default, ""
        ids = set(parse_ids(wanted))
        chosen = [d for d in designs if d.pk in ids]
        if MIN_COMPARED <= len(chosen) <= MAX_COMPARED:
            return chosen, ""
        return default, f"请选择 {MIN_COMPARED}–{MAX_COMPARED} 个教学设计进行对比，当前显示前 {len(default)} 个。"

    def get_context(
        self,
        request,
        *args,
        designs: list[CaseDesign] | None = None,
        compared: list[CaseDesign] | None = None,
        **kwargs,
    ):
        """The case's public designs and their timelines on one scale; on the comparison page
        (``compared``, a choice among ``designs``) only the compared ones are drawn."""
        context = super().get_context(request, *args, **kwargs)
        designs = self.get_designs() if designs is None else designs
        drawn = designs if compared is None else compared
        context["designs"] = designs
        context["timeline"] = Timeline.for_designs(drawn).attach(drawn)
        context["breadcrumbs"] = self.get_ancestors().filter(depth__gt=1).specific(defer=True)
        if compared is not None:
            context["compared"] = compared
        return context

    @path("compare/", name="compare")
    def compare(self, request):
        """并排对比: the comparison points of two or three designs in aligned columns,
        their recordings side by side and their time allocation as timelines."""
        designs = self.get_designs()
        compared, error = self.choose_designs(designs, request.GET.getlist("d"))
        if len(compared) < MIN_COMPARED:
            raise Http404("案例中公开的教学设计不足两个")
        return self.render(
            request,
            designs=designs,
            compared=compared,
            template="showcase/case_compare.html",
            context_overrides={"choice_error": error},
        )

    @path("recording/<int:design_id>/", name="recording")
    def recording(self, request, design_id: int):
        """The recording of a public design of this case (with HTTP Range support, so the
        player can seek). Recordings are served only through the case that shows them."""
        design = next((d for d in self.get_designs() if d.pk == design_id and d.public_recording), None)
        if design is None:
            raise Http404("没有这个实录")
        return recording_response(request, design.public_recording)

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        urls.append(
            {
                "location": self.get_full_url(request) + self.reverse_subpage("compare"),
                "lastmod": self.last_published_at,
            }
        )
        return urls


class RecordingKind(models.TextChoices):
    LESSON = "lesson", "课堂实录"
    MICRO = "micro", "微课"


class CaseDesign(Orderable):
    """One teacher's design of the case's lesson: resources chosen from the library plus
    the comparison points (对比点)."""

    page = ParentalKey(ShowcaseCasePage, on_delete=models.CASCADE, related_name="designs")
    label = models.CharField(
        "设计名称", max_length=40, blank=True, help_text="如“情境探究版”；留空则显示“设计一”“设计二”。"
    )
    highlight = models.CharField("设计特色", max_length=120, blank=True, help_text="一句话说明这份设计的侧重。")
    teaching_design = models.ForeignKey(
        GeneratedResourcePage,
        verbose_name="教学设计",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="从资源库选择；教师、学校与区域取自这份教学设计。",
    )
    recording = models.ForeignKey(
        settings.WAGTAILMEDIA["MEDIA_MODEL"],
        verbose_name="课堂实录或微课",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recording_kind = models.CharField(
        "视频类型", max_length=10, choices=RecordingKind.choices, default=RecordingKind.LESSON
    )
    courseware = models.ForeignKey(
        GeneratedResourcePage, verbose_name="课件", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reflection = models.ForeignKey(
        GeneratedResourcePage,
        verbose_name="教学反思",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    objectives = models.TextField("教学目标", help_text="对比点一：这份设计的教学目标。")
    key_activities = models.TextField("主要活动", help_text="对比点二：核心学习活动，每行一项。")
    time_allocation = StreamField(TimeAllocationBlock(), verbose_name="时间分配", blank=True, use_json_field=True)
    assessment = models.TextField("评价方式", help_text="对比点四：如何检测目标达成。")
    reflection_note = models.TextField(
        "课后反思", blank=True, help_text="执教教师的课后反思（来自工作坊同课异构活动时自动带入）。"
    )

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("highlight")]),
        PageChooserPanel("teaching_design", "resources.GeneratedResourcePage"),
        FieldRowPanel([MediaChooserPanel("recording", media_type="video"), FieldPanel("recording_kind")]),
        FieldRowPanel(
            [
                PageChooserPanel("courseware", "resources.GeneratedResourcePage"),
                PageChooserPanel("reflection", "resources.GeneratedResourcePage"),
            ]
        ),
        FieldPanel("objectives"),
        FieldPanel("key_activities"),
        FieldPanel("time_allocation"),
        FieldPanel("assessment"),
        FieldPanel("reflection_note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "教学设计"
        verbose_name_plural = "教学设计"

    def __str__(self) -> str:
        return self.display_label

    # Resources chosen in a slot must be of the slot's kind.
    SLOT_KINDS = {
        "teaching_design": {ResourceKind.TEACHING_DESIGN, ResourceKind.UNIT_CASE},
        "courseware": {ResourceKind.COURSEWARE},
        "reflection": {ResourceKind.REFLECTION},
    }

    def clean(self):
        super().clean()
        errors = {}
        for field, kinds in self.SLOT_KINDS.items():
            resource = getattr(self, field)
            if resource is not None and resource.kind not in kinds:
                labels = "或".join(ResourceKind(k).label for k in sorted(kinds))
                errors[field] = f"请选择资源类型为“{labels}”的资源。"
        if errors:
            raise ValidationError(errors)

    # --- read from the chosen teaching design -----------------------------------
    @property
    def display_label(self) -> str:
        if self.label:
            return self.label
        number = getattr(self, "number", None) or (self.sort_order or 0) + 1
        return f"设计{'一二三四五六七八九十'[number - 1] if number <= 10 else number}"

    @property
    def teacher_name(self) -> str:
        return self.teaching_design.author_display if self.teaching_design_id else ""

    @property
    def school(self):
        return self.teaching_design.school if self.teaching_design_id else None

    @property
    def region(self):
        return self.teaching_design.region if self.teaching_design_id else None

    @property
    def key_activity_lines(self) -> list[str]:
        return [line.strip(" -·•\t") for line in self.key_activities.splitlines() if line.strip(" -·•\t")]

    @cached_property
    def phases(self) -> list[dict]:
        return [dict(child.value) for child in self.time_allocation]

    @property
    def total_minutes(self) -> int:
        return sum(phase["minutes"] for phase in self.phases)


PHASE_LABELS = dict(PHASE_KINDS)


@dataclass
class Segment:
    kind: str
    label: str
    minutes: int
    start: int
    start_pct: float
    width_pct: float

    @property
    def kind_label(self) -> str:
        return PHASE_LABELS.get(self.kind, self.kind)


@dataclass
class Timeline:
    """Time allocation of several designs on one scale, so bar lengths compare directly."""

    scale: int  # minutes that 100 % of a bar stands for
    ticks: list[tuple[int, float]]  # (minute, percent) axis marks

    @classmethod
    def for_designs(cls, designs: list[CaseDesign]) -> Timeline:
        longest = max((d.total_minutes for d in designs), default=0)
        scale = max(10, math.ceil(longest / 5) * 5)
        step = 5 if scale <= 30 else 10
        ticks = [(minute, minute * 100 / scale) for minute in range(0, scale + 1, step)]
        return cls(scale=scale, ticks=ticks)

    def attach(self, designs: list[CaseDesign]) -> Timeline:
        """Give each design its ``segments`` on this scale (templates cannot pass arguments)."""
        for design in designs:
            design.segments = self.segments(design)
        return self

    def segments(self, design: CaseDesign) -> list[Segment]:
        out, start = [], 0
        for phase in design.phases:
            minutes = phase["minutes"]
            out.append(
                Segment(
                    kind=phase["kind"],
                    label=phase.get("label") or PHASE_LABELS.get(phase["kind"], ""),
                    minutes=minutes,
                    start=start,
                    start_pct=start * 100 / self.scale,
                    width_pct=minutes * 100 / self.scale,
                )
            )
            start += minutes
        return out
