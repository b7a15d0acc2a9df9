"""同课异构 in a workshop: what each participating teacher hands in for a 同课异构 activity.

One entry per teacher and activity (``SameLessonEntry``): the teaching design (one of the
teacher's own library works, chosen or newly shared through 我的作品), the lesson recording
(checked like every video upload), the time allocation (教学环节 with minutes, the showcase's
``PHASE_KINDS``), the comparison points and a reflection. After the activity a host turns the
entries into a draft showcase case (``WorkshopActivity.showcase_case``).

Entries are workshop material, not pages: they are shown to their teacher and to the hosts,
never indexed and never listed to anyone else.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .workshop import WorkshopActivity


class SameLessonEntry(models.Model):
    """同课异构材料: one teacher's design, recording, time allocation and reflection for an activity."""

    activity = models.ForeignKey(
        WorkshopActivity, verbose_name="活动", on_delete=models.CASCADE, related_name="same_lesson_entries"
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="执教教师", on_delete=models.CASCADE, related_name="same_lesson_entries"
    )
    teaching_design = models.ForeignKey(
        "resources.GeneratedResourcePage",
        verbose_name="教学设计",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="教师本人在资源库中的教学设计（草稿亦可；案例只公开已发布的设计）。",
    )
    recording = models.ForeignKey(
        settings.WAGTAILMEDIA["MEDIA_MODEL"],
        verbose_name="课堂实录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    time_allocation = models.JSONField(
        "时间分配", default=list, help_text="教学环节列表：{kind, label, minutes}，kind 取自同课异构的环节类型。"
    )
    objectives = models.TextField("教学目标")
    key_activities = models.TextField("主要活动", blank=True)
    assessment = models.TextField("评价方式")
    reflection = models.TextField("教学反思")
    created_at = models.DateTimeField("提交时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", default=timezone.now)

    class Meta:
        verbose_name = "同课异构材料"
        verbose_name_plural = "同课异构材料"
        ordering = ["activity", "created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["activity", "teacher"], name="unique_same_lesson_entry")]

    def __str__(self) -> str:
        return f"{self.activity} · {self.teacher}"

    @property
    def total_minutes(self) -> int:
        return sum(int(phase.get("minutes") or 0) for phase in self.time_allocation)
