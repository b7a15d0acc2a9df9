"""课堂切片诊断 (lesson-slice diagnosis): the diagnosis, its five steps, slices and replies,
the teachers a county trainer invited, and the attendance of the 会诊.

The rules (who is in the group, who may do what at which step) live in ``selectors`` and
``services``; these models only hold what was said and done.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Step(models.IntegerChoices):
    """The five steps of "问题导向+学科会诊" (潼南), and the end."""

    PROBLEM = 1, "教师提出问题"
    PRE_DIAGNOSIS = 2, "备课组预诊"
    CONSULTATION = 3, "区级研训组会诊"
    SOLUTION = 4, "形成问题解决方案"
    PRACTICE = 5, "教师实践并形成典型案例"
    DONE = 6, "已完成"


class Aspect(models.TextChoices):
    """观察点: what a slice looks at (besides, or instead of, a capability dimension)."""

    QUESTIONING = "questioning", "提问"
    GROUP_WORK = "group_work", "小组合作"
    BOARD = "board", "板书"
    TIME = "time", "时间分配"
    ACTIVITY = "activity", "学生活动"
    FEEDBACK = "feedback", "评价反馈"
    OTHER = "other", "其他"


class Diagnosis(models.Model):
    """诊断申请: one teacher's lesson, the problem they raise, and what each step produced."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="执教教师", on_delete=models.CASCADE, related_name="diagnoses"
    )
    school = models.ForeignKey("home.School", verbose_name="学校", on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey("home.Subject", verbose_name="学科", on_delete=models.PROTECT, related_name="+")
    stage = models.ForeignKey("home.Stage", verbose_name="学段", on_delete=models.PROTECT, related_name="+")
    grade = models.ForeignKey(
        "home.Grade", verbose_name="年级", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lesson_title = models.CharField("课题", max_length=100)
    problem = models.TextField("教师提出的问题", max_length=2000)
    recording = models.ForeignKey(
        "wagtailmedia.Media", verbose_name="课堂实录", on_delete=models.PROTECT, related_name="+"
    )
    design = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name="教学设计",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    step = models.PositiveSmallIntegerField("当前环节", choices=Step.choices, default=Step.PRE_DIAGNOSIS, db_index=True)
    # ② 备课组预诊
    pre_opinion = models.TextField("预诊意见", blank=True)
    # ③ 区级研训组会诊
    consultation_at = models.DateTimeField("会诊时间", null=True, blank=True)
    consultation_place = models.CharField("会诊地点", max_length=100, blank=True)
    consultation_link = models.URLField("线上会议链接", blank=True)
    consultation_hours = models.DecimalField("会诊学时", max_digits=3, decimal_places=1, default=2)
    consultation_notes = models.TextField("会诊意见", blank=True)
    # ④ 形成问题解决方案
    solution = models.TextField("问题解决方案", blank=True)
    # ⑤ 教师实践并形成典型案例
    second_recording = models.ForeignKey(
        "wagtailmedia.Media",
        verbose_name="改进后的课堂实录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reflection = models.TextField("教学反思", blank=True)
    case_page = models.ForeignKey(
        "resources.GeneratedResourcePage",
        verbose_name="典型案例",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("申请时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "课堂切片诊断"
        verbose_name_plural = "课堂切片诊断"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.lesson_title

    @property
    def finished(self) -> bool:
        return self.step == Step.DONE


class StepRecord(models.Model):
    """One step of one diagnosis: when it opened, when it is due, who closed it and when."""

    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField("环节", choices=Step.choices)
    opened_at = models.DateTimeField("开始时间", default=timezone.now)
    due_on = models.DateField("截止日期", null=True, blank=True)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="完成人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "诊断环节"
        verbose_name_plural = "诊断环节"
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["diagnosis", "number"], name="diagnosis_step_once")]

    def __str__(self) -> str:
        return self.get_number_display()


class Invitation(models.Model):
    """A teacher a county trainer invited into the 区级研训组 of one diagnosis."""

    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="受邀教师", on_delete=models.CASCADE, related_name="+"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="邀请人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("邀请时间", default=timezone.now)

    class Meta:
        verbose_name = "会诊邀请"
        verbose_name_plural = "会诊邀请"
        constraints = [models.UniqueConstraint(fields=["diagnosis", "user"], name="diagnosis_invite_once")]

    def __str__(self) -> str:
        return f"{self.diagnosis} · {self.user}"


class Attendance(models.Model):
    """出席: who attended the 会诊 (each earns 校本研修 credits once)."""

    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="出席人", on_delete=models.CASCADE, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", default=timezone.now)

    class Meta:
        verbose_name = "会诊出席"
        verbose_name_plural = "会诊出席"
        constraints = [models.UniqueConstraint(fields=["diagnosis", "user"], name="diagnosis_attend_once")]

    def __str__(self) -> str:
        return f"{self.diagnosis} · {self.user}"


class Slice(models.Model):
    """课堂切片: a time range of one of the diagnosis's recordings with an observation."""

    class Recording(models.IntegerChoices):
        FIRST = 1, "诊断课"
        SECOND = 2, "改进课"

    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.CASCADE, related_name="slices")
    recording = models.PositiveSmallIntegerField("视频", choices=Recording.choices, default=Recording.FIRST)
    start_seconds = models.PositiveIntegerField("起点（秒）")
    end_seconds = models.PositiveIntegerField("终点（秒）")
    observation = models.TextField("观察与诊断", max_length=2000)
    aspect = models.CharField("观察点", max_length=20, choices=Aspect.choices, blank=True)
    dimension = models.ForeignKey(
        "research.CapabilityDimension",
        verbose_name="能力维度",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="作者", on_delete=models.CASCADE, related_name="+"
    )
    step = models.PositiveSmallIntegerField("所在环节", choices=Step.choices, default=Step.PRE_DIAGNOSIS)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "课堂切片"
        verbose_name_plural = "课堂切片"
        ordering = ["recording", "start_seconds", "pk"]

    def __str__(self) -> str:
        return f"{self.label} {self.observation[:20]}"

    @property
    def label(self) -> str:
        return f"{mmss(self.start_seconds)}–{mmss(self.end_seconds)}"


class Reply(models.Model):
    """回复: a message under a slice."""

    slice = models.ForeignKey(Slice, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="作者", on_delete=models.CASCADE, related_name="+"
    )
    body = models.TextField("回复", max_length=2000)
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "切片回复"
        verbose_name_plural = "切片回复"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:30]


def mmss(seconds: int) -> str:
    return f"{seconds // 60:02d}:{seconds % 60:02d}"
