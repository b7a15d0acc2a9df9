"""监测评价 (workshop monitoring), read side: per member what they did in the workshop, and
participation week by week; both read the records the services write (attendance, threads,
replies, pushes, the behaviour record and the credit ledger)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from home.models import TeacherProfile
from home.people import display_name
from workshops.models.workshop import ActivitySignup, BehaviorRecord, DiscussionThread, ThreadReply

from .metrics import courses_completed, visible_pushes
from .workshop import push_progress, workshop_members


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
    this workshop, courses completed (``metrics.courses_completed``). A fixed number of queries."""
    members = workshop_members(workshop=workshop)
    ids = [m.user.pk for m in members]

    def counts(queryset, key="user_id"):
        return dict(queryset.values_list(key).annotate(n=Count("pk")).values_list(key, "n"))

    attended = counts(ActivitySignup.objects.filter(activity__workshop=workshop, attended=True, user_id__in=ids))
    posts = counts(DiscussionThread.objects.filter(workshop=workshop, author_id__in=ids), "author_id")
    replies = counts(ThreadReply.objects.filter(thread__workshop=workshop, author_id__in=ids), "author_id")
    shared = counts(visible_pushes(workshop=workshop).filter(pushed_by_id__in=ids), "pushed_by_id")
    courses = courses_completed(teacher_ids=ids)
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
    """The Monday of ``day``'s week."""
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


def monitoring_overview(*, workshop) -> dict:
    """What the monitoring page shows hosts: figures per member, participation per week, pushes."""
    weeks = participation_over_time(workshop=workshop)
    return {
        "figures": member_monitoring(workshop=workshop),
        "weeks": weeks,
        "push_progress": push_progress(workshop=workshop),
        "max_actions": max([w.actions for w in weeks] + [1]),
    }


def monitoring_export(*, workshop) -> tuple[list[list], dict]:
    """The monitoring CSV's rows and the summary its export record keeps."""
    rows = monitoring_rows(member_monitoring(workshop=workshop))
    summary = {
        "workshop": workshop.title,
        "members": len(rows),
        "pushes": push_progress(workshop=workshop).count,
    }
    return rows, summary
