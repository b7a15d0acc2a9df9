"""Taxonomies shared by every app (region, school, subject, stage, grade, teacher stage),
teacher profiles, the portal home page and site settings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.text import slugify

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .sections import home_teasers
from .visibility import OneQueryRestrictionsMixin


def unicode_slug(value: str) -> str:
    return slugify(value, allow_unicode=True)[:100] or "x"


class TaxonomyBase(models.Model):
    name = models.CharField("名称", max_length=50, unique=True)
    slug = models.SlugField("别名", max_length=100, unique=True, allow_unicode=True, blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unicode_slug(self.name)
        super().save(*args, **kwargs)


class Stage(TaxonomyBase):
    """学段: 幼儿园 / 小学 / 初中 / 高中 / 特殊教育."""

    class Meta(TaxonomyBase.Meta):
        verbose_name = "学段"
        verbose_name_plural = "学段"


class Subject(TaxonomyBase):
    """学科 (幼儿园 uses the five domains, 特殊教育 the 培智 subjects)."""

    stages = models.ManyToManyField(Stage, verbose_name="适用学段", blank=True, related_name="subjects")

    panels = TaxonomyBase.panels + [FieldPanel("stages")]

    class Meta(TaxonomyBase.Meta):
        verbose_name = "学科"
        verbose_name_plural = "学科"


class Grade(models.Model):
    """年级, within a stage (七年级 belongs to 初中)."""

    name = models.CharField("名称", max_length=30)
    stage = models.ForeignKey(Stage, verbose_name="学段", on_delete=models.PROTECT, related_name="grades")
    sort_order = models.PositiveIntegerField("排序", default=0)

    panels = [FieldPanel("name"), FieldPanel("stage"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = "年级"
        verbose_name_plural = "年级"
        ordering = ["stage__sort_order", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["stage", "name"], name="unique_grade_per_stage")]

    def __str__(self) -> str:
        return self.name


class TeacherStage(TaxonomyBase):
    """教师发展阶段: 新教师 → 合格教师 → 骨干教师 → 名优教师 → 教育家型教师."""

    class Meta(TaxonomyBase.Meta):
        verbose_name = "教师发展阶段"
        verbose_name_plural = "教师发展阶段"


class Region(models.Model):
    """Administrative region: province (省), city (市) or county/district (县/区).

    ``path`` is the full name path ("湖南省/长沙市/岳麓区"); municipalities may use
    two levels ("天津市/和平区"). Filtering by a path prefix selects a region and
    everything under it.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        CITY = "city", "市级"
        COUNTY = "county", "区县级"

    name = models.CharField("名称", max_length=50)
    parent = models.ForeignKey(
        "self", verbose_name="上级区域", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    path = models.CharField("完整路径", max_length=255, unique=True, editable=False)
    sort_order = models.PositiveIntegerField("排序", default=0)

    panels = [FieldPanel("name"), FieldPanel("parent"), FieldPanel("level"), FieldPanel("sort_order")]

    class Meta:
        verbose_name = "区域"
        verbose_name_plural = "区域"
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="unique_region_name_per_parent")]

    def __str__(self) -> str:
        return self.path or self.name

    def save(self, *args, **kwargs):
        self.path = f"{self.parent.path}/{self.name}" if self.parent_id else self.name
        super().save(*args, **kwargs)

    @property
    def depth(self) -> int:
        return self.path.count("/") + 1

    def ancestors_and_self(self) -> list[str]:
        """Paths of this region and every region above it, top first."""
        parts = self.path.split("/")
        return ["/".join(parts[: i + 1]) for i in range(len(parts))]

    @staticmethod
    def path_q(prefix: str, field: str = "path") -> Q:
        """Q matching a region path and everything below it (not "长沙县" for "长沙")."""
        prefix = prefix.strip("/")
        return Q(**{field: prefix}) | Q(**{f"{field}__startswith": prefix + "/"})


class School(models.Model):
    """学校, filed under a county/district."""

    name = models.CharField("校名", max_length=100)
    region = models.ForeignKey(Region, verbose_name="所属区县", on_delete=models.PROTECT, related_name="schools")
    stage = models.ForeignKey(
        Stage, verbose_name="主要学段", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [FieldPanel("name"), FieldPanel("region"), FieldPanel("stage")]

    class Meta:
        verbose_name = "学校"
        verbose_name_plural = "学校"
        ordering = ["region__path", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unique_school_per_region")]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """Role groups; the group names are these Chinese labels."""

    TEACHER = "teacher", "教师"
    SCHOOL_TRAINER = "school_trainer", "校级培训者"
    COUNTY_TRAINER = "county_trainer", "县级培训者"
    EDITOR = "editor", "编辑"


class TeacherProfile(models.Model):
    """个人档案: where a user teaches and, for trainers and editors, the scope they act for."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField("姓名", max_length=50, blank=True)
    email_notifications = models.BooleanField(
        "邮件通知", default=True, help_text="站内消息同时发送到邮箱（需填写邮箱）。"
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.TEACHER)
    school = models.ForeignKey(
        School, verbose_name="学校", null=True, blank=True, on_delete=models.SET_NULL, related_name="profiles"
    )
    region = models.ForeignKey(
        Region,
        verbose_name="负责区域",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="profiles",
        help_text="县级培训者与编辑负责的区域；教师与校级培训者按学校确定范围。",
    )
    subjects = models.ManyToManyField(Subject, verbose_name="任教学科", blank=True, related_name="+")
    stage = models.ForeignKey(
        Stage, verbose_name="学段", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    teacher_stage = models.ForeignKey(
        TeacherStage, verbose_name="发展阶段", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    must_change_password = models.BooleanField(
        "首次登录须修改密码",
        default=False,
        help_text="导入的账号带着初始密码；登录后必须先修改密码才能使用其他页面。",
    )

    panels = [
        FieldPanel("user"),
        FieldPanel("display_name"),
        FieldPanel("role"),
        FieldPanel("school"),
        FieldPanel("region"),
        FieldPanel("subjects"),
        FieldPanel("stage"),
        FieldPanel("teacher_stage"),
        FieldPanel("must_change_password"),
    ]

    class Meta:
        verbose_name = "教师档案"
        verbose_name_plural = "教师档案"

    def __str__(self) -> str:
        return self.display_name or self.user.get_username()

    @property
    def scope_region(self) -> Region | None:
        """The region a user acts for: their own region, else their school's county."""
        if self.region_id:
            return self.region
        return self.school.region if self.school_id else None


class HomePage(OneQueryRestrictionsMixin, Page):
    """门户首页: a hero, then what each section contributes (``home.sections``): latest and
    most-viewed resources, counts per subject and stage, 推优 works, featured 同课异构 cases."""

    intro = RichTextField("导语", blank=True, features=["bold", "italic", "link"])
    hero_title = models.CharField("主标题", max_length=80, default="教师研训资源云")

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("intro")], "首页横幅")
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    # No subpage_types list here: each section's index page (资源库, 课程, 工作坊, 同课异构 …)
    # declares parent_page_types = ["home.HomePage"] itself, so sections plug in from their apps.
    max_count = 1

    class Meta:
        verbose_name = "首页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(home_teasers(page=self, request=request))
        return context

    def route(self, request, path_components):
        """Sections (资源库, 课程, 工作坊 …) come from the cache while the page cache's generation
        lasts: a publish, unpublish, move or delete starts a new one, and a section's live
        fields only change when it is published. Routing through a section
        (``/library/<work>/``) needs its class, for its own ``route``, and its place in the
        tree: a ``specific_deferred`` copy, whose own fields load fresh if anything reads them.
        The section's own page (``/library/``) needs its fields too: a full specific copy,
        which Wagtail's routing checks (``live``) as it would the page read from the database."""
        if path_components:
            section = self._section(request, path_components[0], full=len(path_components) == 1)
            if section is None:
                raise Http404
            return section.route(request, path_components[1:])
        return super().route(request, path_components)

    def _section(self, request, slug: str, *, full: bool):
        from django.core.cache import cache

        from .page_cache import generation

        key = f"home-section:{generation(request)}:{self.pk}:{slug}:{'full' if full else 'tree'}"
        section = cache.get(key)
        if section is None:
            section = self.get_children().filter(slug=slug).first()
            if section is None:
                return None
            section = section.specific if full else section.specific_deferred
            cache.set(key, section, 3600)
        return section


class RecordingAudience(models.TextChoices):
    """Who may watch a recording, widest first (可见范围 and the audience guardians agreed to)."""

    PUBLIC = "public", "公开"
    SIGNED_IN = "signed_in", "登录可见"
    SCHOOL = "school", "本校"
    GROUP = "group", "本工作坊或诊断组"


class RecordingConsent(models.Model):
    """授权与可见范围 of one recording (a wagtailmedia video): who confirmed that the pupils'
    guardians agreed, when, and for which audience; the visibility its owner chose; and whether
    it may be downloaded (off unless allowed). The audience a recording reaches is the narrower
    of ``visibility`` and ``consent_audience``; no consent (``consent_audience`` empty) means
    the group only — unless ``no_pupils`` says no pupil appears on it (a teacher's micro-lecture).
    Rules and lookups: ``home.consent``."""

    media = models.OneToOneField("wagtailmedia.Media", on_delete=models.CASCADE, related_name="consent")
    no_pupils = models.BooleanField("无学生出镜", default=False, help_text="视频中没有学生出镜时无需监护人授权。")
    consent_audience = models.CharField(
        "监护人同意的范围",
        max_length=10,
        choices=RecordingAudience.choices,
        blank=True,
        help_text="留空表示尚未取得授权：视频只在本工作坊或诊断组内可见。",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    note = models.CharField("授权说明", max_length=200, blank=True, help_text="如：家长知情同意书编号、存档位置。")
    visibility = models.CharField(
        "可见范围", max_length=10, choices=RecordingAudience.choices, default=RecordingAudience.GROUP
    )
    school = models.ForeignKey(
        School, verbose_name="所属学校", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    downloads_allowed = models.BooleanField("允许下载", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "视频授权记录"
        verbose_name_plural = "视频授权记录"

    def __str__(self) -> str:
        return f"{self.media_id}: {self.get_visibility_display()}"
