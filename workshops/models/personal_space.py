"""个人空间 (personal space): a teacher's journal (研修日志) and yearly personal plan (个人研修计划).

A shared journal entry is read by the teacher's school community and, when a workshop is chosen,
by that workshop's members.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

USER = settings.AUTH_USER_MODEL


class JournalVisibility(models.TextChoices):
    PRIVATE = "private", "仅自己可见"
    SHARED = "shared", "分享"


class JournalEntry(models.Model):
    """研修日志: a teacher's journal entry, private or shared (with their school community and,
    when a workshop is chosen, with that workshop's members)."""

    author = models.ForeignKey(USER, verbose_name="作者", on_delete=models.CASCADE, related_name="journal_entries")
    title = models.CharField("标题", max_length=120)
    body = models.TextField("内容")
    visibility = models.CharField(
        "可见范围", max_length=10, choices=JournalVisibility.choices, default=JournalVisibility.PRIVATE
    )
    workshop = models.ForeignKey(
        "workshops.WorkshopPage",
        verbose_name="分享到工作坊",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="journal_entries",
    )
    created_at = models.DateTimeField("写作时间", default=timezone.now)

    class Meta:
        verbose_name = "研修日志"
        verbose_name_plural = "研修日志"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class PersonalPlan(models.Model):
    """个人研修计划: a teacher's goals for one year."""

    teacher = models.ForeignKey(USER, verbose_name="教师", on_delete=models.CASCADE, related_name="personal_plans")
    year = models.PositiveSmallIntegerField("年度")
    goals = models.TextField("研修目标与安排")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "个人研修计划"
        verbose_name_plural = "个人研修计划"
        constraints = [models.UniqueConstraint(fields=["teacher", "year"], name="unique_personal_plan_per_year")]

    def __str__(self) -> str:
        return f"{self.teacher} {self.year}"
