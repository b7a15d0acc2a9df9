"""What teachers do in a course: enrolments, watched items, quiz attempts, submissions, peer reviews.

These rows are private: only the teacher, the course's trainers and (anonymised, for
submissions) the allocated peers may see them; see ``training.access``.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models

from .pages import Assignment, CoursePage, MicroLecturePage


class Enrolment(models.Model):
    """选课记录: a teacher following a course; completed when every required item is done."""

    course = models.ForeignKey(CoursePage, verbose_name="课程", on_delete=models.CASCADE, related_name="enrolments")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="教师", on_delete=models.CASCADE, related_name="course_enrolments"
    )
    enrolled_at = models.DateTimeField("选课时间", auto_now_add=True)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    hours_recorded = models.DecimalField("记录学时", max_digits=6, decimal_places=1, null=True, blank=True)
    credit_entry = models.ForeignKey(
        "credits.CreditEntry",
        verbose_name="学分记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    credit_note = models.CharField("学分说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "选课记录"
        verbose_name_plural = "选课记录"
        constraints = [models.UniqueConstraint(fields=["course", "teacher"], name="unique_enrolment")]

    def __str__(self) -> str:
        return f"{self.teacher} · {self.course}"


class ItemProgress(models.Model):
    """A teacher's viewing of a micro-lecture or lesson recording (学习记录), built from the
    player's progress beats (``services.watch_beat``): the seconds of the video really watched
    (``segments``, a union of [start, end] ranges) and, once enough is watched, ``watched_at``.
    A row without ``watched_at`` is viewing still in progress."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="items")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    watched_at = models.DateTimeField("看完时间", null=True, blank=True)
    segments = models.JSONField("已观看片段（秒）", default=list)
    watched_seconds = models.FloatField("已观看时长（秒）", default=0)
    last_position = models.FloatField("上次播放位置（秒）", null=True, blank=True)
    last_beat_at = models.DateTimeField("上次记录时间", null=True, blank=True)

    class Meta:
        verbose_name = "学习记录"
        constraints = [models.UniqueConstraint(fields=["enrolment", "page"], name="unique_item_progress")]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.page_id}"


class QuizAttempt(models.Model):
    """即时测评作答: every attempt is kept; a passing one completes the micro-lecture's quiz."""

    lecture = models.ForeignKey(
        MicroLecturePage, verbose_name="微课", on_delete=models.CASCADE, related_name="attempts"
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="教师", on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    answers = models.JSONField("作答", default=dict)
    results = models.JSONField("判分", default=list)
    score = models.PositiveSmallIntegerField("得分")
    max_score = models.PositiveSmallIntegerField("满分")
    passed = models.BooleanField("合格")
    created_at = models.DateTimeField("作答时间", auto_now_add=True)

    class Meta:
        verbose_name = "测评作答"
        verbose_name_plural = "测评作答"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.lecture} · {self.score}/{self.max_score}"


class AssignmentRound(models.Model):
    """Peer-review state of one assignment: when it was allocated and with how many peers."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="round")
    allocated_at = models.DateTimeField("分配时间", null=True, blank=True)
    peers = models.PositiveSmallIntegerField("实际互评人数", default=0)
    note = models.CharField("说明", max_length=200, blank=True)
    reminded_at = models.DateTimeField("截止提醒时间", null=True, blank=True)

    class Meta:
        verbose_name = "互评分配"

    def __str__(self) -> str:
        return f"{self.assignment} · {self.peers}"


def submission_upload_to(instance: Submission, filename: str) -> str:
    # A random name: the original file name often carries the author's name, and peers are anonymous.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"training/submissions/{uuid.uuid4().hex}{suffix}"


class Submission(models.Model):
    """作业提交: one per teacher and assignment; resubmitting before allocation replaces it."""

    assignment = models.ForeignKey(
        Assignment, verbose_name="作业", on_delete=models.CASCADE, related_name="submissions"
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="教师", on_delete=models.CASCADE, related_name="assignment_submissions"
    )
    text = models.TextField("作业正文", blank=True)
    file = models.FileField("附件", upload_to=submission_upload_to, blank=True)
    file_kind = models.CharField("附件类型", max_length=10, blank=True)
    submitted_at = models.DateTimeField("提交时间")
    is_late = models.BooleanField("逾期提交", default=False)
    peer_score = models.DecimalField("互评得分", max_digits=6, decimal_places=1, null=True, blank=True)
    override_score = models.DecimalField("培训者改判得分", max_digits=6, decimal_places=1, null=True, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="改判人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    override_comment = models.CharField("改判说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "作业提交"
        verbose_name_plural = "作业提交"
        constraints = [models.UniqueConstraint(fields=["assignment", "teacher"], name="unique_submission")]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.teacher}"

    @property
    def final_score(self):
        return self.override_score if self.override_score is not None else self.peer_score


class PeerReviewQuerySet(models.QuerySet):
    """``pending()`` and ``done()`` also on related managers (``user.peer_reviews``,
    ``submission.reviews``), so reads that start from a user or a submission need no import."""

    def pending(self):
        return self.filter(status=PeerReview.Status.PENDING)

    def done(self):
        return self.filter(status=PeerReview.Status.DONE)


class PeerReview(models.Model):
    """同伴互评: one peer's rubric scores and comment on one submission (the author never sees who)."""

    class Status(models.TextChoices):
        PENDING = "pending", "待评"
        DONE = "done", "已评"
        EXPIRED = "expired", "逾期未评（已转交）"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peer_reviews")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    scores = models.JSONField("各维度得分", default=dict)
    total = models.DecimalField("总分", max_digits=6, decimal_places=1, null=True, blank=True)
    comment = models.TextField("评语", blank=True)
    allocated_at = models.DateTimeField("分配时间", auto_now_add=True)
    due_at = models.DateTimeField("互评截止")
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = PeerReviewQuerySet.as_manager()

    class Meta:
        verbose_name = "同伴互评"
        verbose_name_plural = "同伴互评"
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["submission", "reviewer"], name="unique_peer_review")]

    def __str__(self) -> str:
        return f"{self.submission_id} · {self.get_status_display()}"


class ModuleAttendance(models.Model):
    """线下研修出勤: a course trainer recorded that an enrolled teacher attended a module's offline
    activities. Only this earns the module's offline hours (``services.module_mark_attendance``);
    completing the online part never does."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="offline_attendances")
    module = models.ForeignKey(
        "training.CourseModulePage", verbose_name="模块", on_delete=models.CASCADE, related_name="+"
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "线下研修出勤"
        verbose_name_plural = "线下研修出勤"
        constraints = [models.UniqueConstraint(fields=["enrolment", "module"], name="unique_module_attendance")]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.module_id}"
