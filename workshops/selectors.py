"""Read side of workshops, personal spaces and community dashboards.

Monitoring (监测评价) and the Hunan weekly rule are computed here from the records the
services write: attendance (ActivitySignup.attended), threads and replies, pushes, the credit
ledger and the behaviour record.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone

from credits.selectors import course_completions, credit_ranking, credit_totals, month_add
from home.models import Region, Role, School, TeacherProfile
from home.people import display_name

from .models import (
    ActivitySignup,
    BehaviorRecord,
    DiscussionThread,
    MemberRole,
    MemberStatus,
    ResourcePush,
    ThreadReply,
    WorkshopActivity,
    WorkshopMembership,
    WorkshopPage,
)

# The Hunan plan (湖南 2024): at least one school-based activity a week, two class-hours of
# concentrated study a month.
WEEKLY_MIN_ACTIVITIES = 1
MONTHLY_MIN_HOURS = Decimal("2")


# --- workshops ---------------------------------------------------------------------------


def workshop_ids_of_user(*, user) -> set[int]:
    """Workshops the user hosts or is an active member of."""
    if not getattr(user, "is_authenticated", False):
        return set()
    ids = set(
        WorkshopMembership.objects.filter(user=user, status=MemberStatus.ACTIVE).values_list("workshop_id", flat=True)
    )
    ids.update(WorkshopPage.objects.filter(host=user).values_list("pk", flat=True))
    return ids


def workshops_of_user(*, user):
    return (
        WorkshopPage.objects.live()
        .filter(pk__in=workshop_ids_of_user(user=user))
        .select_related("host", "subject", "stage")
        .order_by("title")
    )


@dataclass
class Member:
    user: object
    role_label: str
    membership: WorkshopMembership | None = None


def workshop_members(*, workshop) -> list[Member]:
    """坊主 first, then 副坊主, then members by joining date."""
    members = []
    if workshop.host_id:
        members.append(Member(user=workshop.host, role_label="坊主"))
    memberships = (
        workshop.memberships.filter(status=MemberStatus.ACTIVE)
        .exclude(user_id=workshop.host_id)
        .select_related("user__profile__school")
        .order_by("-role", "decided_at", "pk")
    )
    for membership in memberships:
        label = "副坊主" if membership.role == MemberRole.CO_HOST else "成员"
        members.append(Member(user=membership.user, role_label=label, membership=membership))
    return members


def workshop_member_ids(*, workshop) -> list[int]:
    return [member.user.pk for member in workshop_members(workshop=workshop)]


@dataclass
class PushProgress:
    count: int
    target: int

    @property
    def percent(self) -> int:
        if not self.target:
            return 100
        return min(100, round(self.count * 100 / self.target))

    @property
    def remaining(self) -> int:
        return max(0, self.target - self.count)

    @property
    def reached(self) -> bool:
        return self.count >= self.target


def push_progress(*, workshop) -> PushProgress:
    """资源推送进度 against the guide's target (≥ 20 a workshop)."""
    return PushProgress(count=ResourcePush.objects.filter(workshop=workshop).count(), target=workshop.push_target)


@dataclass
class MemberFigures:
    user: object
    name: str
    school: str
    role_label: str
    attended: int = 0
    posts: int = 0
    replies: int = 0
    shared: int = 0
    courses: int = 0

    @property
    def total_posts(self) -> int:
        return self.posts + self.replies


MONITORING_HEADER = ["姓名", "账号", "学校", "角色", "参加活动", "发起研讨", "回复", "分享资源", "完成课程"]


def member_monitoring(*, workshop) -> list[MemberFigures]:
    """Per member: activities attended, threads and replies, resources pushed or shared into
    this workshop, courses completed (course credits in the ledger). A fixed number of queries."""
    members = workshop_members(workshop=workshop)
    ids = [m.user.pk for m in members]

    def counts(queryset, key="user_id"):
        return dict(queryset.values_list(key).annotate(n=Count("pk")).values_list(key, "n"))

    attended = counts(ActivitySignup.objects.filter(activity__workshop=workshop, attended=True, user_id__in=ids))
    posts = counts(DiscussionThread.objects.filter(workshop=workshop, author_id__in=ids), "author_id")
    replies = counts(ThreadReply.objects.filter(thread__workshop=workshop, author_id__in=ids), "author_id")
    shared = counts(ResourcePush.objects.filter(workshop=workshop, pushed_by_id__in=ids), "pushed_by_id")
    courses = course_completions(teacher_ids=ids)
    schools = dict(TeacherProfile.objects.filter(user_id__in=ids).values_list("user_id", "school__name"))
    rows = []
    for member in members:
        pk = member.user.pk
        rows.append(
            MemberFigures(
                user=member.user,
                name=display_name(member.user),
                school=schools.get(pk) or "",
                role_label=member.role_label,
                attended=attended.get(pk, 0),
                posts=posts.get(pk, 0),
                replies=replies.get(pk, 0),
                shared=shared.get(pk, 0),
                courses=courses.get(pk, 0),
            )
        )
    return rows


def monitoring_rows(figures: list[MemberFigures]) -> list[list]:
    return [
        [f.name, f.user.get_username(), f.school, f.role_label, f.attended, f.posts, f.replies, f.shared, f.courses]
        for f in figures
    ]


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


@dataclass
class WeekFigures:
    start: datetime.date
    active_members: int
    actions: int
    attendances: int


def participation_over_time(*, workshop, weeks: int = 12, today: datetime.date | None = None) -> list[WeekFigures]:
    """Per week (Monday first), oldest first: members who did anything, actions, attendances."""
    today = today or timezone.localdate()
    first = week_start(today) - datetime.timedelta(weeks=weeks - 1)
    since = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    buckets = {first + datetime.timedelta(weeks=i): [set(), 0, 0] for i in range(weeks)}
    records = BehaviorRecord.objects.filter(workshop=workshop, created_at__gte=since).values_list(
        "user_id", "action", "created_at"
    )
    for user_id, action, created_at in records:
        bucket = buckets.get(week_start(timezone.localdate(created_at)))
        if bucket is None:
            continue
        bucket[0].add(user_id)
        bucket[1] += 1
        if action == "attended":
            bucket[2] += 1
    return [
        WeekFigures(start=start, active_members=len(b[0]), actions=b[1], attendances=b[2])
        for start, b in buckets.items()
    ]


# --- the Hunan weekly rule and community dashboards ------------------------------------------


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
    def meets_weekly(self) -> bool:
        return self.weeks_met == len(self.weeks_due)

    @property
    def meets_monthly(self) -> bool:
        return self.hours >= MONTHLY_MIN_HOURS

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
    from resources.models import GeneratedResourcePage, ReviewStatus

    works = GeneratedResourcePage.objects.all()
    if school is not None:
        works = works.filter(school=school)
    if region is not None:
        works = works.filter(Region.path_q(region.path, "school__region__path"))
    # Published works count as published whatever their review record says (imported works skip review).
    counts = dict(
        works.filter(live=False).values_list("review_status").annotate(n=Count("pk")).values_list("review_status", "n")
    )
    rows = [(label, counts.get(value, 0)) for value, label in ReviewStatus.choices if value != ReviewStatus.APPROVED]
    rows.append(("已发布", works.filter(live=True).count()))
    rows.append(("县级及以上优秀", works.filter(live=True, recommendation_level__gte=2).count()))
    return rows


def workshops_of_school(*, school):
    """Workshops of the school itself or with at least one of its teachers as member or host."""
    teacher_ids = TeacherProfile.objects.filter(school=school).values("user_id")
    return (
        WorkshopPage.objects.live()
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
    from resources.models import GeneratedResourcePage

    rows = []
    schools = School.objects.filter(Region.path_q(region.path, "region__path")).select_related("region")
    works = dict(
        GeneratedResourcePage.objects.filter(live=True, school__in=schools)
        .values_list("school_id")
        .annotate(n=Count("pk"))
        .values_list("school_id", "n")
    )
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
        WorkshopPage.objects.live()
        .filter(Q(Region.path_q(region.path, "region__path")) | Q(Region.path_q(region.path, "school__region__path")))
        .annotate(
            member_count=Count("memberships", filter=Q(memberships__status=MemberStatus.ACTIVE), distinct=True),
            push_count=Count("pushes", distinct=True),
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


def top_teachers_by_credits(*, region: Region, year: int, limit: int = 10):
    return credit_ranking(region=region, year=year, limit=limit)


def upcoming_activities(*, workshop_ids, limit: int = 10):
    return (
        WorkshopActivity.objects.filter(workshop_id__in=workshop_ids, starts_at__gte=timezone.now())
        .select_related("workshop")
        .order_by("starts_at")[:limit]
    )
