"""学校社区 / 区域社区 (school and regional communities), read side: the Hunan weekly rule per
teacher, works by review status, the workshops of a school or region, schools ranked by the rule,
the monthly attendance trend and the credit ranking.

The Hunan plan (湖南 2024): at least one school-based research activity a week and two class-hours
of concentrated study a month; any attended workshop activity counts as a research activity.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from credits.selectors import credit_ranking, credit_totals, month_add
from home.models import Region, Role, School, TeacherProfile
from home.people import display_name
from resources.models import GeneratedResourcePage, ReviewStatus
from workshops.models import pages as page_models  # bound late: the page routes call these selectors
from workshops.models.personal_space import JournalEntry, JournalVisibility
from workshops.models.workshop import ActivitySignup, MemberStatus

from .metrics import published_works, published_works_by_school, target_met, visible_push_filter
from .monitoring import week_start

WEEKLY_MIN_ACTIVITIES = 1
MONTHLY_MIN_HOURS = Decimal("2")


@dataclass
class RuleFigures:
    user: object
    name: str
    weeks: list[tuple[datetime.date, int]]  # (week start, activities attended)
    hours: Decimal
    credits_year: Decimal = Decimal("0")
    current_week: datetime.date | None = None  # the week still running, if it is among ``weeks``

    @property
    def weeks_due(self) -> list[tuple[datetime.date, int]]:
        """The weeks judged: the running week counts only once it is met (on a Monday nobody
        has failed this week yet)."""
        return [(w, n) for w, n in self.weeks if w != self.current_week or n >= WEEKLY_MIN_ACTIVITIES]

    @property
    def week_in_progress(self) -> bool:
        return len(self.weeks_due) < len(self.weeks)

    @property
    def weeks_met(self) -> int:
        return sum(1 for _, n in self.weeks_due if n >= WEEKLY_MIN_ACTIVITIES)

    @property
    def activities(self) -> int:
        return sum(n for _, n in self.weeks)

    @property
    def meets_weekly(self) -> bool:
        # A teacher with no activity this month never meets it (even before any week is due).
        return target_met(amount=self.weeks_met, target=len(self.weeks_due), activity=self.activities)

    @property
    def meets_monthly(self) -> bool:
        return target_met(amount=self.hours, target=MONTHLY_MIN_HOURS)

    @property
    def meets(self) -> bool:
        return self.meets_weekly and self.meets_monthly


def month_weeks(*, year: int, month: int, today: datetime.date) -> list[datetime.date]:
    """Monday-starting weeks overlapping the month that have begun by ``today``."""
    first = datetime.date(year, month, 1)
    last = month_add(first, 1) - datetime.timedelta(days=1)
    weeks = []
    start = week_start(first)
    while start <= last and start <= today:
        weeks.append(start)
        start += datetime.timedelta(weeks=1)
    return weeks


def weekly_rule(*, teachers, year: int, month: int, today: datetime.date | None = None) -> list[RuleFigures]:
    """Who meets the Hunan rule in a month: ≥ 1 research activity attended in every week so far,
    and ≥ 2 class-hours of activities attended in the month (any workshop activity counts)."""
    today = today or timezone.localdate()
    weeks = month_weeks(year=year, month=month, today=today)
    running = week_start(today)
    current_week = running if running in weeks else None
    teachers = list(teachers)
    ids = [t.pk for t in teachers]
    first = datetime.date(year, month, 1)
    span_start = weeks[0] if weeks else first
    span_end = month_add(first, 1) + datetime.timedelta(days=7)
    tz = timezone.get_current_timezone()
    attended = ActivitySignup.objects.filter(
        attended=True,
        user_id__in=ids,
        activity__starts_at__gte=datetime.datetime.combine(span_start, datetime.time.min, tzinfo=tz),
        activity__starts_at__lt=datetime.datetime.combine(span_end, datetime.time.min, tzinfo=tz),
    ).values_list("user_id", "activity__starts_at", "activity__hours")
    per_week: dict[int, dict[datetime.date, int]] = defaultdict(lambda: defaultdict(int))
    hours: dict[int, Decimal] = defaultdict(Decimal)
    for user_id, starts_at, activity_hours in attended:
        day = timezone.localtime(starts_at).date()
        per_week[user_id][week_start(day)] += 1
        if day.year == year and day.month == month:
            hours[user_id] += activity_hours
    credits = credit_totals(teacher_ids=ids, year=year)
    return [
        RuleFigures(
            user=t,
            name=display_name(t),
            weeks=[(w, per_week[t.pk].get(w, 0)) for w in weeks],
            hours=hours[t.pk],
            credits_year=credits.get(t.pk, Decimal("0")),
            current_week=current_week,
        )
        for t in teachers
    ]


def school_teachers(*, school):
    return (
        get_user_model()
        .objects.filter(profile__school=school, profile__role=Role.TEACHER, is_active=True)
        .select_related("profile")
        .order_by("username")
    )


def resource_status_counts(*, school=None, region: Region | None = None) -> list[tuple[str, int]]:
    """Works of a school (or of the schools of a region) by review status."""
    works = GeneratedResourcePage.objects.all()
    if school is not None:
        works = works.filter(school=school)
    if region is not None:
        works = works.filter(Region.path_q(region.path, "school__region__path"))
    # Published works count as published whatever their review record says (imported works skip review).
    counts = dict(
        works.filter(live=False)
        .order_by()
        .values_list("review_status")
        .annotate(n=Count("pk"))
        .values_list("review_status", "n")
    )
    rows = [(label, counts.get(value, 0)) for value, label in ReviewStatus.choices if value != ReviewStatus.APPROVED]
    public = published_works(school=school, region=region)
    rows.append(("已发布", public.count()))
    rows.append(("县级及以上优秀", public.filter(recommendation_level__gte=2).count()))
    return rows


def workshops_of_school(*, school):
    """Workshops of the school itself or with at least one of its teachers as member or host."""
    teacher_ids = TeacherProfile.objects.filter(school=school).values("user_id")
    return (
        page_models.WorkshopPage.objects.live()
        .filter(
            Q(school=school)
            | Q(host_id__in=teacher_ids)
            | Q(memberships__user_id__in=teacher_ids, memberships__status=MemberStatus.ACTIVE)
        )
        .distinct()
        .order_by("title")
    )


@dataclass
class SchoolRow:
    school: School
    teachers: int
    meeting: int
    credits_avg: Decimal
    works: int

    @property
    def meeting_rate(self) -> int:
        return round(self.meeting * 100 / self.teachers) if self.teachers else 0


def county_school_rows(*, region: Region, year: int, month: int, today: datetime.date | None = None) -> list[SchoolRow]:
    """Per school of the region: teachers, how many meet the weekly rule this month, average credits
    this year, published works; ranked by the share meeting the rule, then average credits."""
    rows = []
    schools = School.objects.filter(Region.path_q(region.path, "region__path")).select_related("region")
    works = published_works_by_school(schools=schools)
    for school in schools:
        figures = weekly_rule(teachers=school_teachers(school=school), year=year, month=month, today=today)
        if not figures:
            continue
        total = sum((f.credits_year for f in figures), Decimal("0"))
        rows.append(
            SchoolRow(
                school=school,
                teachers=len(figures),
                meeting=sum(1 for f in figures if f.meets),
                credits_avg=(total / len(figures)).quantize(Decimal("0.1")),
                works=works.get(school.pk, 0),
            )
        )
    rows.sort(key=lambda r: (-r.meeting_rate, -r.credits_avg, r.school.name))
    return rows


def region_workshops(*, region: Region):
    return (
        page_models.WorkshopPage.objects.live()
        .filter(Q(Region.path_q(region.path, "region__path")) | Q(Region.path_q(region.path, "school__region__path")))
        .annotate(
            member_count=Count("memberships", filter=Q(memberships__status=MemberStatus.ACTIVE), distinct=True),
            push_count=Count("pushes", filter=visible_push_filter(), distinct=True),
            activity_count=Count("activities", distinct=True),
        )
        .order_by("-push_count", "title")
    )


def monthly_attendance_trend(
    *, region: Region, months: int = 6, today: datetime.date | None = None
) -> list[tuple[str, int, int]]:
    """Trend (趋势) for the region's teachers: per month, attendances and distinct teachers attending."""
    today = today or timezone.localdate()
    first = month_add(today.replace(day=1), -(months - 1))
    since = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    rows = (
        ActivitySignup.objects.filter(
            attended=True,
            activity__starts_at__gte=since,
        )
        .filter(Region.path_q(region.path, "user__profile__school__region__path"))
        .values_list("user_id", "activity__starts_at")
    )
    counts = defaultdict(int)
    people = defaultdict(set)
    for user_id, starts_at in rows:
        local = timezone.localtime(starts_at)
        counts[(local.year, local.month)] += 1
        people[(local.year, local.month)].add(user_id)
    result = []
    for i in range(months):
        month = month_add(first, i)
        key = (month.year, month.month)
        result.append((f"{month.year}年{month.month}月", counts[key], len(people[key])))
    return result


def school_community(*, school: School, year: int, month: int) -> dict:
    """学校社区 of one school for one month: who meets the weekly rule, works by status, the
    school's workshops and its teachers' shared journals."""
    figures = weekly_rule(teachers=school_teachers(school=school), year=year, month=month)
    return {
        "school": school,
        "year": year,
        "month": month,
        "figures": figures,
        "meeting": sum(1 for f in figures if f.meets),
        "weeks": figures[0].weeks if figures else [],
        "status_counts": resource_status_counts(school=school),
        "workshops": workshops_of_school(school=school),
        "journals": JournalEntry.objects.filter(
            author__profile__school=school, visibility=JournalVisibility.SHARED
        ).select_related("author__profile")[:10],
        "rule": (WEEKLY_MIN_ACTIVITIES, MONTHLY_MIN_HOURS),
    }


def county_community(*, region: Region, year: int, month: int) -> dict:
    """区域社区 of one region for one month: schools ranked by the weekly rule, workshops, the
    attendance trend, the credit ranking of the year and works by status."""
    rows = county_school_rows(region=region, year=year, month=month)
    trend = monthly_attendance_trend(region=region)
    workshops = list(region_workshops(region=region))
    for w in workshops:
        w.push_reached = target_met(amount=w.push_count, target=w.push_target)
    return {
        "region": region,
        "year": year,
        "month": month,
        "school_rows": rows,
        "workshops": workshops,
        "trend": trend,
        "trend_max": max([t[1] for t in trend] + [1]),
        "top_teachers": credit_ranking(region=region, year=year),
        "status_counts": resource_status_counts(region=region),
        "teachers": sum(r.teachers for r in rows),
        "meeting": sum(r.meeting for r in rows),
    }
