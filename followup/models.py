"""跟以固效: training projects (培训项目), anonymous evaluation (参训评价), mentor follow-up (导师跟踪).

Anonymity of evaluations (see README.md): who has evaluated (``EvaluationReceipt``) and what was
answered (``EvaluationAnswer``) are two tables with nothing in common but the target's ballot box
(``EvaluationBox``). Answers have no user, no timestamp and a random UUID key, and every new answer
rewrites its box's answers in a fresh random order, so neither keys nor storage order follow the
order in which people evaluated.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

USER = settings.AUTH_USER_MODEL


class TrainingProject(models.Model):
    """培训项目: a year's training for a region, made of courses and workshops, with its participants."""

    name = models.CharField("项目名称", max_length=120)
    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey("home.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+")
    organiser = models.CharField("组织单位", max_length=120)
    description = models.TextField("项目简介", blank=True)
    courses = models.ManyToManyField("training.CoursePage", verbose_name="课程", blank=True, related_name="+")
    workshops = models.ManyToManyField("workshops.WorkshopPage", verbose_name="工作坊", blank=True, related_name="+")
    participants = models.ManyToManyField(USER, verbose_name="参训教师", blank=True, related_name="training_projects")
    created_by = models.ForeignKey(USER, verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        verbose_name = "培训项目"
        verbose_name_plural = "培训项目"
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class TargetKind(models.TextChoices):
    COURSE = "course", "课程"
    ACTIVITY = "activity", "工作坊活动"
    PROJECT = "project", "培训项目"


SATISFACTION_LABELS = {5: "非常满意", 4: "满意", 3: "一般", 2: "不太满意", 1: "不满意"}
EFFECTIVENESS_LABELS = {5: "非常有效", 4: "有效", 3: "一般", 2: "效果不大", 1: "无效"}


class EvaluationBox(models.Model):
    """The ballot box of one evaluated target (a course, a workshop activity or a project)."""

    kind = models.CharField("评价对象类型", max_length=10, choices=TargetKind.choices)
    target_id = models.PositiveBigIntegerField("评价对象编号")

    class Meta:
        verbose_name = "评价箱"
        verbose_name_plural = "评价箱"
        constraints = [models.UniqueConstraint(fields=["kind", "target_id"], name="followup_box_unique_target")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.target_id}"


class EvaluationReceipt(models.Model):
    """Who has evaluated a target (once each): no answer, no time."""

    box = models.ForeignKey(EvaluationBox, on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="evaluation_receipts")

    class Meta:
        verbose_name = "评价记录（谁已评价）"
        verbose_name_plural = "评价记录（谁已评价）"
        constraints = [models.UniqueConstraint(fields=["box", "user"], name="followup_receipt_once")]

    def __str__(self) -> str:
        return f"{self.box} · {self.user_id}"


class EvaluationAnswer(models.Model):
    """One anonymous answer: scores and comment only (no user, no time, random key)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    box = models.ForeignKey(EvaluationBox, on_delete=models.CASCADE, related_name="answers")
    satisfaction = models.PositiveSmallIntegerField(
        "满意度", validators=[MinValueValidator(1), MaxValueValidator(5)], choices=sorted(SATISFACTION_LABELS.items())
    )
    effectiveness = models.PositiveSmallIntegerField(
        "有效性", validators=[MinValueValidator(1), MaxValueValidator(5)], choices=sorted(EFFECTIVENESS_LABELS.items())
    )
    comment = models.TextField("意见与建议", blank=True, max_length=1000)

    class Meta:
        verbose_name = "匿名评价"
        verbose_name_plural = "匿名评价"

    def __str__(self) -> str:
        return f"{self.box} · 满意度 {self.satisfaction} · 有效性 {self.effectiveness}"


class MentorAssignment(models.Model):
    """导师跟踪: a mentor follows a mentee after a training project."""

    mentor = models.ForeignKey(USER, verbose_name="导师", on_delete=models.CASCADE, related_name="mentee_assignments")
    mentee = models.ForeignKey(USER, verbose_name="学员", on_delete=models.CASCADE, related_name="mentor_assignments")
    project = models.ForeignKey(
        TrainingProject, verbose_name="培训项目", on_delete=models.CASCADE, related_name="mentor_assignments"
    )
    since = models.DateField("跟踪开始", default=timezone.localdate)
    created_by = models.ForeignKey(USER, verbose_name="指派人", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "导师指派"
        verbose_name_plural = "导师指派"
        constraints = [
            models.UniqueConstraint(fields=["mentor", "mentee", "project"], name="followup_mentor_once"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.mentee}"


class GuidanceNote(models.Model):
    """指导意见: what a mentor tells the mentee."""

    assignment = models.ForeignKey(MentorAssignment, on_delete=models.CASCADE, related_name="notes")
    body = models.TextField("指导意见", max_length=2000)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "指导意见"
        verbose_name_plural = "指导意见"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.body[:40]


class TaskKind(models.TextChoices):
    FOLLOW_UP = "follow_up", "跟踪任务"
    PRACTICE = "practice", "返岗实践任务"


class FollowUpTask(models.Model):
    """跟踪任务: set by the mentor with a due date; the mentee marks it done with a note."""

    assignment = models.ForeignKey(MentorAssignment, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField("任务类型", max_length=12, choices=TaskKind.choices, default=TaskKind.FOLLOW_UP)
    title = models.CharField("任务", max_length=120)
    details = models.TextField("要求", blank=True, max_length=2000)
    due_on = models.DateField("截止日期")
    created_at = models.DateTimeField("布置时间", default=timezone.now)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    done_note = models.TextField("完成说明", blank=True, max_length=2000)
    work = models.ForeignKey(
        "resources.GeneratedResourcePage",
        verbose_name="关联作品",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "跟踪任务"
        verbose_name_plural = "跟踪任务"
        ordering = ["done_at", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and self.due_on < timezone.localdate()
