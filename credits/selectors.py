"""学分银行 (credit bank), read side: a teacher's ledger and its rows for exports, yearly summaries
against the rules' targets, the growth trajectory (成长轨迹), and per-teacher figures the
workshop monitoring and the community dashboards show.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, Sum
from django.utils import timezone

from home.models import Region
from home.people import display_name
from resources.models import GeneratedResourcePage

from .models import CreditEntry, CreditRule, CreditSource, ExportKind

CREDIT_HEADER = ["获得日期", "来源", "说明", "学时", "学分", "认定人", "来源标识"]


def credit_entries(*, teacher):
    """A teacher's ledger, oldest first (the order of exports and their digests)."""
    return CreditEntry.objects.filter(teacher=teacher).select_related("verified_by").order_by("earned_on", "pk")


def credit_rows(entries) -> list[list]:
    return [
        [
            e.earned_on.isoformat(),
            e.get_source_display(),
            e.description,
            e.hours if e.hours is not None else "",
            e.amount,
            display_name(e.verified_by) if e.verified_by_id else "",
            e.source_key,
        ]
        for e in entries
    ]


def credit_totals(*, teacher_ids, year: int) -> dict[int, Decimal]:
    """Credits per teacher earned in ``year`` (all sources)."""
    return dict(
        CreditEntry.objects.filter(teacher_id__in=teacher_ids, earned_on__year=year)
        .values_list("teacher_id")
        .annotate(s=Sum("amount"))
        .values_list("teacher_id", "s")
    )


def credit_ranking(*, region: Region, year: int, limit: int = 10):
    """Teachers of the region's schools with the most credits in ``year`` (学分排行)."""
    return (
        CreditEntry.objects.filter(earned_on__year=year)
        .filter(Region.path_q(region.path, "teacher__profile__school__region__path"))
        .values("teacher_id", "teacher__username", "teacher__profile__display_name", "teacher__profile__school__name")
        .annotate(total=Sum("amount"))
        .order_by("-total", "teacher__username")[:limit]
    )


def target_met(*, amount, target, activity=None) -> bool:
    """达标, the one rule for every target (yearly credit targets, the weekly rule, the monthly
    hours): the amount reaches the target and there was some activity at all. With no activity
    (``activity`` defaults to ``amount``) nothing is 达标, even against a zero or missing target."""
    done = amount if activity is None else activity
    if not done or Decimal(str(done)) <= 0:
        return False
    return target is None or Decimal(str(amount)) >= Decimal(str(target))


class SourceFigure(NamedTuple):
    label: str
    amount: Decimal
    target: Decimal | None

    @property
    def met(self) -> bool:
        return target_met(amount=self.amount, target=self.target)


@dataclass
class YearSummary:
    year: int
    total: Decimal
    by_source: list[SourceFigure] = field(default_factory=list)
    outputs: int = 0

    @property
    def targets_met(self) -> bool:
        """Every yearly target met, and something earned at all."""
        return target_met(amount=self.total, target=None) and all(
            row.met for row in self.by_source if row.target is not None
        )


def credit_year_summaries(*, teacher) -> list[YearSummary]:
    """年度学分汇总, newest year first: per source with the rule's yearly target, and outputs
    (works the teacher published that year)."""
    rules = {r.source: r for r in CreditRule.objects.all()}
    totals = (
        CreditEntry.objects.filter(teacher=teacher)
        .values_list("earned_on__year", "source")
        .annotate(s=Sum("amount"))
        .values_list("earned_on__year", "source", "s")
    )
    per_year: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for year, source, amount in totals:
        per_year[year][source] = amount
    outputs = dict(
        GeneratedResourcePage.objects.visible_to_public()
        .filter(author=teacher, first_published_at__isnull=False)
        .order_by()  # the page tree's ordering would split the grouping into one row per work
        .values_list("first_published_at__year")
        .annotate(n=Count("pk"))
        .values_list("first_published_at__year", "n")
    )
    years = sorted(set(per_year) | set(outputs) | {timezone.localdate().year}, reverse=True)
    summaries = []
    for year in years:
        sources = per_year.get(year, {})
        rows = []
        for source in CreditSource:
            rule = rules.get(source.value)
            target = rule.yearly_target if rule else None
            amount = sources.get(source.value, Decimal("0"))
            if amount or target:
                rows.append(SourceFigure(source.label, amount, target))
        summaries.append(
            YearSummary(
                year=year, total=sum(sources.values(), Decimal("0")), by_source=rows, outputs=outputs.get(year, 0)
            )
        )
    return summaries


@dataclass
class TrajectoryMonth:
    label: str
    earned: Decimal
    cumulative: Decimal
    outputs: int
    # chart geometry (SVG user units)
    x: float = 0
    bar_y: float = 0
    bar_height: float = 0
    line_y: float = 0


@dataclass
class Trajectory:
    months: list[TrajectoryMonth]
    max_cumulative: Decimal
    width: int = 720
    height: int = 240
    bar_width: float = 0

    @property
    def polyline(self) -> str:
        return " ".join(f"{m.x + self.bar_width / 2:.1f},{m.line_y:.1f}" for m in self.months)

    @property
    def total(self) -> Decimal:
        return self.months[-1].cumulative if self.months else Decimal("0")


def month_add(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month ``months`` months after ``day``'s month (negative: before)."""
    month_index = day.year * 12 + day.month - 1 + months
    return datetime.date(month_index // 12, month_index % 12 + 1, 1)


def growth_trajectory(*, teacher, months: int = 12, today: datetime.date | None = None) -> Trajectory:
    """成长轨迹: credits earned each month (bars) and cumulative credits (line) over the last
    ``months`` months, with the works published each month; geometry for an inline SVG chart."""
    today = today or timezone.localdate()
    first = month_add(today.replace(day=1), -(months - 1))
    earned = defaultdict(Decimal)
    for day, amount in CreditEntry.objects.filter(teacher=teacher, earned_on__gte=first).values_list(
        "earned_on", "amount"
    ):
        earned[(day.year, day.month)] += amount
    before = CreditEntry.objects.filter(teacher=teacher, earned_on__lt=first).aggregate(s=Sum("amount"))[
        "s"
    ] or Decimal("0")
    outputs = defaultdict(int)
    for published in (
        GeneratedResourcePage.objects.visible_to_public()
        .filter(author=teacher, first_published_at__date__gte=first)
        .values_list("first_published_at", flat=True)
    ):
        local = timezone.localtime(published)
        outputs[(local.year, local.month)] += 1
    rows = []
    cumulative = before
    for i in range(months):
        month = month_add(first, i)
        key = (month.year, month.month)
        cumulative += earned[key]
        rows.append(
            TrajectoryMonth(
                label=f"{month.year % 100:02d}年{month.month}月",
                earned=earned[key],
                cumulative=cumulative,
                outputs=outputs[key],
            )
        )
    trajectory = Trajectory(months=rows, max_cumulative=max([m.cumulative for m in rows] + [Decimal("1")]))
    left, right, top, bottom = 40, 10, 16, 40
    plot_w = trajectory.width - left - right
    plot_h = trajectory.height - top - bottom
    step = plot_w / months
    trajectory.bar_width = step * 0.6
    scale = float(trajectory.max_cumulative)
    for i, m in enumerate(rows):
        m.x = left + i * step + step * 0.2
        # A month whose reversals outweigh its credits draws no bar; the line shows the drop.
        m.bar_height = plot_h * max(0.0, float(m.earned)) / scale
        m.bar_y = top + plot_h - m.bar_height
        m.line_y = top + plot_h - plot_h * float(m.cumulative) / scale
    return trajectory


@dataclass
class CertificateChoice:
    subject: str
    kind_label: str
    title: str


def certificate_choices(*, teacher) -> list[CertificateChoice]:
    """The certificates ``teacher`` can download today: each completed course with credits, each
    award still in force, and each year with credits (newest first)."""
    keys = list(CreditEntry.objects.filter(teacher=teacher).values_list("source_key", "description", "earned_on"))
    choices = []
    withdrawn = {key.removesuffix(":withdrawn") for key, _, _ in keys if key.endswith(":withdrawn")}
    for key, description, _ in keys:
        kind, _, rest = key.partition(":")
        if kind == "course" and rest.isascii() and rest.isdigit():
            choices.append(CertificateChoice(f"course-{rest}", ExportKind.COURSE_CERTIFICATE.label, description))
        elif kind == "recommendation" and rest.isascii() and rest.isdigit() and key not in withdrawn:
            choices.append(CertificateChoice(f"award-{rest}", ExportKind.AWARD_CERTIFICATE.label, description))
    for year in sorted({earned_on.year for _, _, earned_on in keys}, reverse=True):
        choices.append(CertificateChoice(f"year-{year}", ExportKind.YEARLY_RECORD.label, f"{year} 年度学分"))
    return choices
