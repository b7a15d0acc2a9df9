"""Questionnaires (调查问卷), their audience, and the answers kept apart from who answered.

A ``Survey`` belongs to the person who built it and is anchored in their scope: a region
(editors, county trainers), a school (school trainers) or a workshop (its hosts). The other
audience fields (course, stage, subject, teacher stage) narrow it further; every field that is
set must match (e.g. 岳麓区 + 初中 + 数学).

Anonymity: ``Respondent`` records *who* has answered (for the response rate and to refuse a
second answer) and nothing of what; ``Response`` records *what* was answered. For an anonymous
survey a response has no user, only the date (no time), a random UUID key and the coarse group
fields the cross-tabs need; respondents of an anonymous survey carry no date at all. Nothing
links the two tables.

Why our own models rather than a builder we could install (considered for issue #17):
Wagtail's form builder (``wagtail.contrib.forms``) and ``wagtail-surveyjs`` make a survey an
admin page, but builders here include workshop hosts, who are teachers and never use the admin,
and the builder must offer Likert scales, matrix questions, sections and capability dimensions;
Wagtail's ``FormSubmission`` and ``django-survey-and-report``'s ``Response`` stamp each answer with
its submission time (and the latter with its user), which is exactly the link between a person
and an anonymous answer this design must not keep.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from home.anonymity import MIN_GROUP


class QuestionKind(models.TextChoices):
    SECTION = "section", "分节标题"
    SINGLE = "single", "单选题"
    MULTIPLE = "multiple", "多选题"
    LIKERT = "likert", "李克特量表（5级）"
    RATING = "rating", "评分题"
    SHORT_TEXT = "short_text", "简答（单行）"
    LONG_TEXT = "long_text", "问答（多行）"
    MATRIX = "matrix", "矩阵量表"


LIKERT_LABELS = ("非常不同意", "不同意", "一般", "同意", "非常同意")
# Kinds whose answers are numbers that can be turned into a 0–100 capability score.
SCORED_KINDS = (QuestionKind.LIKERT, QuestionKind.RATING, QuestionKind.MATRIX)
TEXT_KINDS = (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT)
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class Survey(models.Model):
    """调查问卷: built in the portal, sent to an audience, open between two dates."""

    title = models.CharField("问卷标题", max_length=120)
    intro = models.TextField("说明", blank=True, help_text="填写前向教师说明调查目的、用时与隐私。")
    anonymous = models.BooleanField(
        "匿名问卷", default=True, help_text=f"匿名问卷的答卷不记录答题人；不足 {MIN_GROUP} 人的分组不显示结果。"
    )
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")
    published = models.BooleanField("已发布", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", on_delete=models.PROTECT, related_name="surveys_built"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    # Audience: every field that is set must match.
    region = models.ForeignKey(
        "home.Region", verbose_name="区域", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    school = models.ForeignKey(
        "home.School", verbose_name="学校", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    workshop = models.ForeignKey(
        "workshops.WorkshopPage",
        verbose_name="工作坊",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    course = models.ForeignKey(
        "training.CoursePage",
        verbose_name="课程学员",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    stage = models.ForeignKey(
        "home.Stage", verbose_name="学段", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.ForeignKey(
        "home.Subject", verbose_name="学科", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    teacher_stage = models.ForeignKey(
        "home.TeacherStage", verbose_name="发展阶段", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "调查问卷"
        verbose_name_plural = "调查问卷"
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def audience_label(self) -> str:
        """The audience in words: "湖南省/长沙市/岳麓区 + 初中 + 数学"."""
        parts = [self.region, self.school, self.workshop, self.course, self.stage, self.subject, self.teacher_stage]
        return " + ".join(str(getattr(p, "title", None) or p) for p in parts if p is not None) or "（未设定）"


class Question(models.Model):
    """One question (or a section heading) of a survey, in ``sort_order``."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField("题型", max_length=12, choices=QuestionKind.choices)
    text = models.CharField("题目", max_length=300)
    help_text = models.CharField("提示", max_length=300, blank=True)
    required = models.BooleanField("必答", default=True)
    options = models.TextField(
        "选项", blank=True, help_text="单选、多选：每行一个选项；矩阵：每行一个小题（列为5级同意程度）。"
    )
    scale_max = models.PositiveSmallIntegerField(
        "评分上限", default=5, choices=[(5, "1–5 分"), (10, "1–10 分")], help_text="仅评分题使用。"
    )
    dimension = models.ForeignKey(
        "research.CapabilityDimension",
        verbose_name="诊断的能力维度",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="量表、评分与矩阵题可关联能力维度，答卷提交后计入能力基线。",
    )
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "题目"
        verbose_name_plural = "题目"
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    @property
    def is_section(self) -> bool:
        return self.kind == QuestionKind.SECTION

    @property
    def is_scored(self) -> bool:
        return self.kind in SCORED_KINDS


class Respondent(models.Model):
    """Who has answered a survey (for the response rate and to refuse a second answer); never
    what. ``answered_on`` stays empty for anonymous surveys.

    The key is random, and for an anonymous survey the rows are rewritten in a random order at
    every answer (``services.response_submit``): neither the key order nor the order a database
    dump lists them in tells who answered first, so they cannot be lined up with the answers or
    the capability scores, whose rows do follow the order of submission."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="respondents")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answered_on = models.DateField("提交日期", null=True, blank=True)

    class Meta:
        verbose_name = "已答人员"
        verbose_name_plural = "已答人员"
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="one_answer_per_person")]

    def __str__(self) -> str:
        return f"{self.survey} · {self.user}"


class Response(models.Model):
    """答卷: the answers, keyed ``str(question.pk) -> value`` (matrix: a list per row).
    Anonymous: no user, the date only, a random key, and the group for cross-tabs."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_on = models.DateField("提交日期")
    answers = models.JSONField("答案", default=dict)
    region = models.ForeignKey("home.Region", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    school = models.ForeignKey("home.School", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    stage = models.ForeignKey("home.Stage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.ForeignKey("home.Subject", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    teacher_stage = models.ForeignKey(
        "home.TeacherStage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "答卷"
        verbose_name_plural = "答卷"
        # Random keys: any listing in key order is unrelated to the order people answered in.
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.survey} · {self.submitted_on}"
