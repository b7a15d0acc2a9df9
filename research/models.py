"""The capability framework (教师专业能力图谱) and the baseline scores measured against it.

``CapabilityDimension`` is a two-level tree editors maintain: areas (领域: 专业理念与师德 /
专业知识 / 专业能力, after 《中小学教师专业标准》) and the dimensions under them (教学设计,
作业设计, 课堂观察 …), each with a descriptor per teacher stage (``LevelDescriptor``).

``DimensionScore`` is one measurement of one dimension: from a diagnosis survey, a course
result or a review outcome, on a 0–100 scale. A real-name measurement names its teacher; an
anonymous one names no one and carries only the group it belongs to (county, school, subject,
stage, teacher stage), so that group baselines can be drawn without anyone being traceable.
Groups of fewer than ``MIN_GROUP`` measurements are never shown (``home.anonymity``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from resources.models import ResourceKind


class CapabilityDimension(models.Model):
    parent = models.ForeignKey(
        "self", verbose_name="所属领域", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.SlugField("代码", max_length=40, unique=True, help_text="稳定的英文代码，供导入与接口使用。")
    name = models.CharField("名称", max_length=50)
    description = models.TextField("说明", blank=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "能力维度"
        verbose_name_plural = "能力维度"
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_area(self) -> bool:
        return self.parent_id is None


class LevelDescriptor(models.Model):
    """What a dimension looks like at one teacher stage (新教师 … 教育家型教师)."""

    dimension = models.ForeignKey(CapabilityDimension, on_delete=models.CASCADE, related_name="levels")
    teacher_stage = models.ForeignKey("home.TeacherStage", verbose_name="发展阶段", on_delete=models.CASCADE)
    text = models.TextField("水平描述")

    class Meta:
        verbose_name = "水平描述"
        verbose_name_plural = "水平描述"
        constraints = [
            models.UniqueConstraint(fields=["dimension", "teacher_stage"], name="one_descriptor_per_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.dimension} · {self.teacher_stage}"


class ScoreSource(models.TextChoices):
    SURVEY = "survey", "诊断问卷"
    COURSE = "course", "课程成绩"
    REVIEW = "review", "作品评审"
    OBSERVATION = "observation", "课堂观察"


class DimensionScore(models.Model):
    """One measurement of one dimension (0–100). ``teacher`` is empty for anonymous answers.
    ``source_key`` names the measurement that produced the row (e.g. ``survey-response:<uuid>``)
    so that it can be replaced as a whole (``research.services.scores_replace``)."""

    dimension = models.ForeignKey(CapabilityDimension, verbose_name="维度", on_delete=models.CASCADE)
    score = models.FloatField("得分")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="教师", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        "home.Region", verbose_name="区县", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    school = models.ForeignKey(
        "home.School", verbose_name="学校", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.ForeignKey(
        "home.Subject", verbose_name="学科", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.ForeignKey(
        "home.Stage", verbose_name="学段", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    teacher_stage = models.ForeignKey(
        "home.TeacherStage", verbose_name="发展阶段", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField("来源", max_length=20, choices=ScoreSource.choices)
    source_key = models.CharField("来源标识", max_length=80, db_index=True)
    source_label = models.CharField("来源名称", max_length=200, blank=True)
    measured_on = models.DateField("测量日期")

    class Meta:
        verbose_name = "能力测量"
        verbose_name_plural = "能力测量"
        indexes = [models.Index(fields=["dimension", "region"]), models.Index(fields=["teacher", "dimension"])]

    def __str__(self) -> str:
        return f"{self.dimension} {self.score:.0f}"


class DimensionTag(models.Model):
    """能力标注: one thing that develops (or diagnoses) one dimension. Exactly one of ``page``
    (a course, course module, micro-lecture or resource page), ``activity`` (a workshop activity)
    or ``kind`` (every resource of a kind) is set. Kept here so that the tagged apps need not
    know the framework; a tag on a course covers its modules and micro-lectures too."""

    dimension = models.ForeignKey(
        CapabilityDimension,
        verbose_name="能力维度",
        on_delete=models.CASCADE,
        related_name="tags",
        limit_choices_to={"parent__isnull": False},
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="课程、模块、微课或资源",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    activity = models.ForeignKey(
        "workshops.WorkshopActivity",
        verbose_name="工作坊研修活动",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField("资源类型", max_length=20, choices=ResourceKind.choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="标注人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "能力标注"
        verbose_name_plural = "能力标注"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(page__isnull=False, activity__isnull=True, kind="")
                    | models.Q(page__isnull=True, activity__isnull=False, kind="")
                    | models.Q(page__isnull=True, activity__isnull=True) & ~models.Q(kind="")
                ),
                name="dimension_tag_names_one_target",
            ),
            models.UniqueConstraint(fields=["dimension", "page"], name="one_tag_per_page_dimension"),
            models.UniqueConstraint(fields=["dimension", "activity"], name="one_tag_per_activity_dimension"),
            models.UniqueConstraint(
                fields=["dimension", "kind"], condition=~models.Q(kind=""), name="one_tag_per_kind_dimension"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_label} → {self.dimension}"

    @property
    def target_label(self) -> str:
        if self.page_id:
            return self.page.title
        if self.activity_id:
            return self.activity.title
        return f"资源类型：{self.get_kind_display()}"
