"""学分银行 (credit bank): the ledger every credit-earning activity writes to, the yearly rules per
source, and the verification records of exports (导出凭证).

Courses (training), workshop activities (workshops) and recommended works (resources.review)
record entries through ``credits.services.credit_record``; the personal space and the school and
regional communities read them through ``credits.selectors``.

The tables were created by the workshops app and keep their names (``workshops_creditentry`` …):
the models moved here by a state-only migration.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel


class CreditSource(models.TextChoices):
    COURSE = "course", "课程学习"
    SCHOOL_RESEARCH = "school_research", "校本研修"
    RECOMMENDED_WORK = "recommended_work", "优秀成果"
    WORKSHOP = "workshop", "工作坊研修"
    OTHER = "other", "其他"


class CreditRule(models.Model):
    """学分规则: per source, how many credits a teacher may earn and should earn in a year.

    Editors set these in the admin. The default for 校本研修 follows the Hunan plan:
    20 credits per teacher per year (cap and target).
    """

    source = models.CharField("学分来源", max_length=30, choices=CreditSource.choices, unique=True)
    yearly_cap = models.DecimalField(
        "年度上限",
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="每位教师每年该来源最多计入的学分；留空表示不设上限。",
    )
    yearly_target = models.DecimalField(
        "年度要求",
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="每位教师每年应达到的学分，用于达标统计。",
    )
    credits_per_hour = models.DecimalField(
        "每学时折算学分", max_digits=4, decimal_places=2, default=Decimal("1.00"), help_text="按学时记录时的折算比例。"
    )
    credits_per_item = models.DecimalField(
        "每项学分",
        max_digits=4,
        decimal_places=1,
        default=Decimal("2.0"),
        help_text="按项计分的来源（优秀成果）每项的基础学分：县级优秀 ×1、市级优秀 ×2、省级优秀 ×3。",
    )

    panels = [
        FieldPanel("source"),
        FieldPanel("yearly_cap"),
        FieldPanel("yearly_target"),
        FieldPanel("credits_per_hour"),
        FieldPanel("credits_per_item"),
    ]

    class Meta:
        db_table = "workshops_creditrule"
        verbose_name = "学分规则"
        verbose_name_plural = "学分规则"

    def __str__(self) -> str:
        return self.get_source_display()


class CreditEntry(models.Model):
    """学分记录: one credit entry of one teacher."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="教师", on_delete=models.CASCADE, related_name="credit_entries"
    )
    source = models.CharField("来源", max_length=30, choices=CreditSource.choices)
    amount = models.DecimalField("学分", max_digits=6, decimal_places=1)
    hours = models.DecimalField("学时", max_digits=6, decimal_places=1, null=True, blank=True)
    description = models.CharField("说明", max_length=200)
    earned_on = models.DateField("获得日期", default=timezone.localdate)
    source_key = models.CharField(
        "来源标识", max_length=100, help_text="同一教师同一来源标识只记一次（例如 course:12），重复记录会被忽略。"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="认定人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issuer = models.CharField(
        "出具机构",
        max_length=100,
        blank=True,
        help_text="外部导入的学分由哪个机构认定；留空表示本平台。",
    )
    evidence_url = models.URLField(
        "佐证链接", max_length=500, blank=True, help_text="外部导入的学分的佐证材料地址（选填）。"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        db_table = "workshops_creditentry"
        verbose_name = "学分记录"
        verbose_name_plural = "学分记录"
        ordering = ["-earned_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["teacher", "source_key"], name="unique_credit_per_source_key")]
        # The index keeps the name it was created with in the workshops app.
        indexes = [models.Index(fields=["teacher", "earned_on"], name="workshops_c_teacher_65a360_idx")]

    panels = [
        FieldPanel("teacher"),
        FieldPanel("source"),
        FieldPanel("amount"),
        FieldPanel("hours"),
        FieldPanel("description"),
        FieldPanel("earned_on"),
        FieldPanel("source_key"),
        FieldPanel("verified_by"),
        FieldPanel("issuer"),
        FieldPanel("evidence_url"),
    ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.amount}"


class ExportKind(models.TextChoices):
    CREDITS_CSV = "credits_csv", "学分记录（CSV）"
    CREDITS_PRINT = "credits_print", "学分证明（打印版）"
    MONITORING_CSV = "monitoring_csv", "工作坊监测（CSV）"
    COURSE_CERTIFICATE = "course_cert", "课程结业证书"
    AWARD_CERTIFICATE = "award_cert", "优秀成果证书"
    YEARLY_RECORD = "yearly_record", "年度学分证明"
    CREDIT_RECORDS = "credit_records", "学分档案（学分银行格式）"


class ExportRecord(models.Model):
    """导出凭证: every export carries a code; the public verify page shows what was exported and
    whether the ledger still matches (``digest`` over the exported rows).

    ``workshop`` is the page an export is about (a workshop's monitoring figures); it points at
    Wagtail's ``Page`` so that the credit bank does not depend on the workshops app.
    """

    code = models.CharField("验证码", max_length=20, unique=True)
    kind = models.CharField("类型", max_length=20, choices=ExportKind.choices)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="教师",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    workshop = models.ForeignKey(
        "wagtailcore.Page", verbose_name="工作坊", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="导出人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("导出时间", default=timezone.now)
    summary = models.JSONField("摘要", default=dict)
    digest = models.CharField("内容摘要", max_length=64)

    class Meta:
        db_table = "workshops_exportrecord"
        verbose_name = "导出凭证"
        verbose_name_plural = "导出凭证"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code
