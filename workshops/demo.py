"""Demo content of the workshops app, loaded by ``manage.py load_demo`` (``WorkshopsConfig.demo_loader``).

Runs after regions, schools, users and resources exist. Idempotent: workshops are found by slug,
activities and threads by title, credits by ``source_key``; running it again adds only what is
missing and never undoes what someone did in the demo.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from credits.models import CreditEntry, CreditRule, CreditSource
from credits.services import credit_amount_for_hours
from home.models import Region, Role, School, Stage, Subject
from home.people import display_name
from resources.demo_data import load
from resources.models import GeneratedResourcePage

from . import services
from .demo_same_lesson import load_same_lesson
from .models import (
    ActivityMode,
    DiscussionThread,
    JournalEntry,
    JournalVisibility,
    MemberRole,
    MemberStatus,
    PersonalPlan,
    ProposalStatus,
    ResourcePush,
    Visibility,
    WorkshopActivity,
    WorkshopFile,
    WorkshopIndexPage,
    WorkshopMembership,
    WorkshopPage,
    WorkshopPlan,
    WorkshopProposal,
)

YUELU = "湖南省/长沙市/岳麓区"
TONGNAN = "重庆市/潼南区"
YUELU1 = "长沙市岳麓区第一小学"
LUSHAN = "长沙市麓山国际实验学校"
# The texts of the demo workshops, plans, activities and discussions: resources/demo_data/workshops.json.
TEXT = load("workshops.json")


def _local(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _user(username: str):
    return get_user_model().objects.filter(username=username, is_active=True).select_related("profile").first()


def _teachers(*, school: School | None = None, region_path: str | None = None, limit: int | None = None) -> list:
    users = get_user_model().objects.filter(is_active=True, profile__role=Role.TEACHER).select_related("profile")
    if school is not None:
        users = users.filter(profile__school=school)
    if region_path is not None:
        users = users.filter(Region.path_q(region_path, "profile__school__region__path"))
    users = list(users.order_by("username"))
    return users[:limit] if limit else users


def _name(user) -> str:
    return display_name(user)


def _workshop(index, *, slug: str, title: str, host, **fields) -> tuple[WorkshopPage, bool]:
    existing = WorkshopPage.objects.filter(slug=slug).first()
    if existing:
        return existing, False
    page = WorkshopPage(slug=slug, title=title, host=host, owner=host, **fields)
    index.add_child(instance=page)
    page.save_revision(user=host).publish(user=host, skip_permission_checks=True)
    return WorkshopPage.objects.get(pk=page.pk), True


def _members(workshop, users, *, co_host=None) -> None:
    for user in users:
        if user.pk == workshop.host_id:
            continue
        role = MemberRole.CO_HOST if co_host is not None and user.pk == co_host.pk else MemberRole.MEMBER
        WorkshopMembership.objects.get_or_create(
            workshop=workshop,
            user=user,
            defaults={
                "status": MemberStatus.ACTIVE,
                "role": role,
                "decided_by": workshop.host,
                "decided_at": timezone.now(),
            },
        )


def _plan(workshop, *, title: str, description: str, phases: list[tuple[str, int, int, str]]) -> None:
    if WorkshopPlan.objects.filter(workshop=workshop, title=title).exists():
        return
    today = timezone.localdate()
    services.plan_publish(
        workshop=workshop,
        actor=workshop.host,
        title=title,
        description=description,
        phases=[
            {
                "name": name,
                "starts_on": today + datetime.timedelta(days=start),
                "ends_on": today + datetime.timedelta(days=end),
                "tasks": tasks,
            }
            for name, start, end, tasks in phases
        ],
    )


def _activity(workshop, *, title, kind, mode, starts_at, hours, attendees=(), summary="", place="", link=""):
    activity = WorkshopActivity.objects.filter(workshop=workshop, title=title).first()
    if activity is None:
        activity = services.activity_create(
            workshop=workshop,
            actor=workshop.host,
            title=title,
            kind=kind,
            mode=mode,
            starts_at=starts_at,
            hours=hours,
            place=place or TEXT["activity"]["online_place" if mode == ActivityMode.ONLINE else "offline_place"],
            link=link
            or (
                f"https://meeting.rtpt.local/{workshop.slug}/{starts_at:%Y%m%d}" if mode == ActivityMode.ONLINE else ""
            ),
            description=TEXT["activity"]["description"],
        )
        if starts_at > timezone.now():
            for user in attendees:
                services.activity_signup(activity=activity, user=user)
            return activity
        for user in attendees:
            activity.signups.get_or_create(user=user, defaults={"signed_up_at": starts_at - datetime.timedelta(days=2)})
        services.activity_mark_attendance(
            activity=activity,
            actor=workshop.host,
            attended_user_ids=[u.pk for u in attendees],
            at=starts_at + datetime.timedelta(hours=2),
        )
        if summary:
            services.activity_summarize(activity=activity, actor=workshop.host, summary=summary)
    return activity


def _thread(workshop, *, author, title, body, replies, at):
    if DiscussionThread.objects.filter(workshop=workshop, title=title).exists():
        return
    thread = services.thread_create(workshop=workshop, author=author, title=title, body=body, at=at)
    for i, (user, text) in enumerate(replies, 1):
        services.thread_reply(thread=thread, author=user, body=text, at=at + datetime.timedelta(hours=3 * i))


def _push_resources(workshop, *, count: int, subject: Subject | None, stage: Stage | None) -> int:
    have = ResourcePush.objects.filter(workshop=workshop).count()
    if have >= count:
        return 0
    pushed = ResourcePush.objects.filter(workshop=workshop).values("resource_id")
    candidates = GeneratedResourcePage.objects.visible_to_public().exclude(pk__in=pushed)
    preferred = candidates
    if subject is not None:
        preferred = preferred.filter(subject=subject)
    if stage is not None:
        preferred = preferred.filter(stage=stage)
    chosen = list(preferred.order_by("-recommendation_level", "-view_count", "pk")[: count - have])
    if len(chosen) < count - have:
        chosen += list(
            candidates.exclude(pk__in=[p.pk for p in chosen]).order_by("-recommendation_level", "pk")[
                : count - have - len(chosen)
            ]
        )
    notes = TEXT["push_notes"]
    start = timezone.now() - datetime.timedelta(days=90)
    for i, resource in enumerate(chosen):
        services.resource_push(
            workshop=workshop,
            actor=workshop.host,
            resource_id=resource.pk,
            note=notes[i % len(notes)],
            at=start + datetime.timedelta(days=4 * i),
        )
    return len(chosen)


def _credit_history(teachers, *, today: datetime.date) -> int:
    """A year of credits per teacher (course, school-based research, workshop), within each rule's cap."""
    rules = {r.source: r for r in CreditRule.objects.all()}
    courses = TEXT["credit_courses"]
    described = TEXT["credit_descriptions"]
    entries = []
    existing: dict[tuple[int, int, str], Decimal] = {}
    for teacher_id, year, source, amount in (
        CreditEntry.objects.filter(teacher__in=teachers)
        .values_list("teacher_id", "earned_on__year", "source")
        .annotate(s=Sum("amount"))
        .values_list("teacher_id", "earned_on__year", "source", "s")
    ):
        existing[(teacher_id, year, source)] = amount
    for teacher in teachers:
        rng = random.Random(f"workshops-demo-{teacher.username}")
        totals = {(year, source): amount for (tid, year, source), amount in existing.items() if tid == teacher.pk}
        for months_back in range(12, 0, -1):
            month_index = today.year * 12 + today.month - 1 - months_back
            day = datetime.date(month_index // 12, month_index % 12 + 1, rng.randint(3, 26))
            plan = [
                (
                    CreditSource.SCHOOL_RESEARCH,
                    Decimal(rng.choice(["1.0", "1.5", "2.0"])),
                    described["school_research"],
                    None,
                )
            ]
            if months_back % 3 == 0:
                course = courses[(months_back // 3 + rng.randint(0, 5)) % len(courses)]
                hours = Decimal(rng.choice([4, 6, 8]))
                amount = credit_amount_for_hours(source=CreditSource.COURSE, hours=hours)
                plan.append((CreditSource.COURSE, amount, described["course"].format(course=course), hours))
            if rng.random() < 0.35:
                plan.append((CreditSource.WORKSHOP, Decimal("2.0"), described["workshop"], Decimal("2.0")))
            for source, amount, description, hours in plan:
                rule = rules.get(source)
                key = (day.year, source)
                used = totals.get(key, Decimal("0"))
                if rule and rule.yearly_cap is not None:
                    amount = min(amount, rule.yearly_cap - used)
                if amount <= 0:
                    continue
                totals[key] = used + amount
                entries.append(
                    CreditEntry(
                        teacher=teacher,
                        source=source,
                        amount=amount,
                        hours=hours,
                        description=description,
                        earned_on=day,
                        source_key=f"demo:{source}:{day:%Y-%m}",
                    )
                )
    before = CreditEntry.objects.count()
    CreditEntry.objects.bulk_create(entries, ignore_conflicts=True, batch_size=500)
    return CreditEntry.objects.count() - before


def _demo_file(workshop, *, uploader, title: str, text: str) -> None:
    if WorkshopFile.objects.filter(workshop=workshop, title=title).exists():
        return
    upload = ContentFile(text.encode("utf-8"), name=f"{workshop.slug}-notes.txt")
    services.workshop_file_add(workshop=workshop, actor=uploader, title=title, uploaded_file=upload)


def load_demo(*, stdout) -> None:
    index = WorkshopIndexPage.objects.live().first()
    county_yuelu, county_tongnan = _user("county_yuelu"), _user("county_tongnan")
    school_yuelu1, school_lushan = _user("school_yuelu1"), _user("school_lushan")
    if index is None or county_yuelu is None or school_yuelu1 is None:
        stdout.write("教师工作坊：缺少工作坊栏目或演示账号（county_yuelu / school_yuelu1），跳过。\n")
        return
    yuelu1 = School.objects.filter(name=YUELU1).first()
    lushan = School.objects.filter(name=LUSHAN).first()
    yuelu = Region.objects.filter(path=YUELU).first()
    tongnan = Region.objects.filter(path=TONGNAN).first()
    primary = Stage.objects.filter(name="小学").first()
    math = Subject.objects.filter(name="数学").first()
    now = timezone.now()
    today = timezone.localdate()

    with transaction.atomic():
        county_ws, _ = _workshop(
            index,
            slug="yuelu-primary-math",
            host=county_yuelu,
            **TEXT["workshops"]["yuelu-primary-math"],
            subject=math,
            stage=primary,
            region=yuelu,
        )
        school_ws, _ = _workshop(
            index,
            slug="yuelu1-school-research",
            host=school_yuelu1,
            **TEXT["workshops"]["yuelu1-school-research"],
            stage=primary,
            region=yuelu,
            school=yuelu1,
        )
        masters_ws, _ = _workshop(
            index,
            slug="yuelu-masters-studio",
            host=county_yuelu,
            **TEXT["workshops"]["yuelu-masters-studio"],
            region=yuelu,
            visibility=Visibility.MEMBERS,
        )
        tongnan_ws = None
        if county_tongnan is not None:
            tongnan_ws, _ = _workshop(
                index,
                slug="tongnan-research-training",
                host=county_tongnan,
                **TEXT["workshops"]["tongnan-research-training"],
                region=tongnan,
            )
        lushan_ws = None
        if school_lushan is not None and lushan is not None:
            lushan_ws, _ = _workshop(
                index,
                slug="lushan-math-group",
                host=school_lushan,
                **TEXT["workshops"]["lushan-math-group"],
                school=lushan,
                region=yuelu,
                subject=math,
            )
        related = {w.pk for w in (tongnan_ws, school_ws) if w}
        if not related <= set(county_ws.related_workshops.values_list("pk", flat=True)):
            county_ws.related_workshops.add(*WorkshopPage.objects.filter(pk__in=related))
            county_ws.save_revision(user=county_yuelu).publish(user=county_yuelu, skip_permission_checks=True)

        yuelu_teachers = _teachers(region_path=YUELU)
        yuelu1_teachers = _teachers(school=yuelu1) if yuelu1 else []
        # Leave one 岳麓区 teacher out of the county workshop so a demo teacher can ask to join.
        joiner = next((t for t in yuelu_teachers if t not in yuelu1_teachers), None)
        county_members = [t for t in yuelu_teachers if t != joiner][:14]
        _members(county_ws, county_members + [school_yuelu1], co_host=school_yuelu1)
        _members(school_ws, yuelu1_teachers)
        _members(masters_ws, county_members[:4])
        if tongnan_ws:
            _members(tongnan_ws, _teachers(region_path=TONGNAN, limit=12))
        if lushan_ws and lushan:
            _members(lushan_ws, _teachers(school=lushan))

        for workshop in (county_ws, school_ws):
            plan = TEXT["plans"][workshop.slug]
            _plan(
                workshop,
                title=plan["title"],
                description=plan["description"],
                phases=[tuple(p) for p in plan["phases"]],
            )

        # Past and upcoming activities of the county workshop; attendance grows the credits.
        kinds = [tuple(activity) for activity in TEXT["county_activities"]]
        for i, (title, kind) in enumerate(kinds):
            starts_at = _local(today - datetime.timedelta(days=70 - 12 * i), 14, 30)
            rng = random.Random(f"county-{i}")
            attendees = [m for m in county_members if rng.random() < 0.75]
            _activity(
                county_ws,
                title=title,
                kind=kind,
                mode=ActivityMode.ONLINE if i % 2 else ActivityMode.OFFLINE,
                starts_at=starts_at,
                hours=Decimal("2"),
                attendees=attendees,
                summary=TEXT["activity"]["summary"] if i < 5 else "",
            )
        upcoming = TEXT["upcoming_activities"]
        _activity(
            county_ws,
            title=upcoming[0]["title"],
            kind=upcoming[0]["kind"],
            mode=ActivityMode.OFFLINE,
            starts_at=_local(today + datetime.timedelta(days=5), 14, 30),
            hours=Decimal("3"),
            attendees=county_members[:5],
            place=upcoming[0]["place"],
        )
        _activity(
            county_ws,
            title=upcoming[1]["title"],
            kind=upcoming[1]["kind"],
            mode=ActivityMode.ONLINE,
            starts_at=_local(today + datetime.timedelta(days=12), 19, 0),
            hours=Decimal("2"),
            attendees=county_members[:3],
        )

        # The school workshop meets every week (1.5 h); a few teachers miss some weeks.
        weekly = TEXT["school_weekly"]
        for weeks_back in range(10, -1, -1):
            monday = today - datetime.timedelta(days=today.weekday()) - datetime.timedelta(weeks=weeks_back)
            day = min(monday + datetime.timedelta(days=2), today)
            starts_at = _local(day, 16, 0)
            if starts_at > now:
                starts_at = now - datetime.timedelta(minutes=30)
            attendees = [t for n, t in enumerate(yuelu1_teachers) if not (n % 3 == 2 and weeks_back % 2 == 0)]
            _activity(
                school_ws,
                title=weekly["title"].format(
                    month=monday.month, day=monday.day, topic=weekly["topics"][weeks_back % len(weekly["topics"])]
                ),
                kind="seminar" if weeks_back % 3 else "observation",
                mode=ActivityMode.OFFLINE,
                starts_at=starts_at,
                hours=Decimal("1.5"),
                attendees=attendees,
                place=weekly["place"],
                summary=weekly["summary"],
            )

        # Threads and replies.
        people = county_members[:6]
        if len(people) >= 3:
            threads = TEXT["threads"]
            thread = threads["core-question"]
            _thread(
                county_ws,
                author=people[0],
                title=thread["title"],
                body=thread["body"],
                replies=list(zip((people[1], people[2], county_yuelu), thread["replies"], strict=True)),
                at=now - datetime.timedelta(days=20),
            )
            thread = threads["observation-sheet"]
            _thread(
                county_ws,
                author=people[2],
                title=thread["title"],
                body=thread["body"],
                replies=[(people[0], thread["replies"][0])],
                at=now - datetime.timedelta(days=9),
            )
            thread = threads["masters-midterm"]
            _thread(
                masters_ws,
                author=people[0],
                title=thread["title"],
                body=thread["body"],
                replies=[(people[1], thread["replies"][0])],
                at=now - datetime.timedelta(days=6),
            )
            _demo_file(masters_ws, uploader=county_yuelu, **TEXT["masters_file"])
        if yuelu1_teachers:
            thread = TEXT["threads"]["let-students-talk"]
            _thread(
                school_ws,
                author=yuelu1_teachers[0],
                title=thread["title"],
                body=thread["body"],
                replies=[(t, thread["replies"][0]) for t in yuelu1_teachers[1:3]],
                at=now - datetime.timedelta(days=3),
            )

        # Resource pushes: the county workshop goes past the guide's 20.
        pushed = _push_resources(county_ws, count=22, subject=math, stage=primary)
        if tongnan_ws:
            pushed += _push_resources(tongnan_ws, count=8, subject=None, stage=None)
        pushed += _push_resources(school_ws, count=6, subject=None, stage=primary)

        # 同课异构: members taught the same lesson and handed in their entries.
        same_lesson = load_same_lesson(workshop=county_ws, members=county_members, make_activity=_activity)

        # Journals and personal plans.
        for n, teacher in enumerate(yuelu1_teachers[:4]):
            if not JournalEntry.objects.filter(author=teacher).exists():
                services.journal_add(
                    author=teacher,
                    title=TEXT["journals"]["shared"]["title"],
                    visibility=JournalVisibility.SHARED,
                    body=TEXT["journals"]["shared"]["body"],
                    workshop=school_ws,
                    at=now - datetime.timedelta(days=7 + n),
                )
                services.journal_add(
                    author=teacher,
                    title=TEXT["journals"]["private"]["title"],
                    visibility=JournalVisibility.PRIVATE,
                    body=TEXT["journals"]["private"]["body"],
                    at=now - datetime.timedelta(days=2 + n),
                )
            if not PersonalPlan.objects.filter(teacher=teacher, year=today.year).exists():
                services.personal_plan_save(
                    teacher=teacher,
                    year=today.year,
                    goals=TEXT["personal_plan_goals"],
                )

        # A pending self-service workshop for the editors.
        if joiner is not None and not WorkshopProposal.objects.filter(proposer=joiner).exists():
            WorkshopProposal.objects.create(
                proposer=joiner,
                title=TEXT["proposal"]["title"],
                intro=TEXT["proposal"]["intro"],
                subject=math,
                stage=primary,
                status=ProposalStatus.PENDING,
            )

        credits = _credit_history(_teachers(), today=today)

    stdout.write(
        f"教师工作坊：{WorkshopPage.objects.count()} 个工作坊，新增推送资源 {pushed} 件，"
        f"新增历史学分记录 {credits} 条。\n"
    )
    _print_guidance(
        stdout=stdout,
        index=index,
        county_ws=county_ws,
        school_ws=school_ws,
        masters_ws=masters_ws,
        joiner=joiner,
        member=(yuelu1_teachers or county_members or [None])[0],
    )
    if same_lesson is not None:
        stdout.write(
            f"  {'county_yuelu':16s} 同课异构：{county_ws.url}{county_ws.reverse_subpage('activity', args=(same_lesson.pk,))}"
            f" 查看 {same_lesson.same_lesson_entries.count()} 位老师的设计、实录与反思，点“生成同课异构展示案例”，"
            "再由编辑在后台添加专家点评并发布。\n"
        )


def _print_guidance(*, stdout, index, county_ws, school_ws, masters_ws, joiner, member) -> None:
    base = index.url
    lines = ["", "教师工作坊演示（密码均为 rtpt2026）："]
    if joiner is not None:
        lines.append(
            f"  {joiner.username:16s} 打开 {county_ws.url} 申请加入，再由 county_yuelu 在同一页面批准；"
            f"{masters_ws.url} 只显示名称与简介（仅成员可见）。"
        )
    if member is not None:
        lines.append(
            f"  {member.username:16s} {base}me/ 个人空间：学分、成长轨迹、研修计划、日志、我的资源；"
            f"在 {county_ws.url} 报名活动、发起研讨；导出学分 CSV 或打印学分证明，用 {base}verify/ 核验验证码。"
        )
    lines += [
        f"  {'county_yuelu':16s} 坊主：{county_ws.url}（推送进度已超过 20 件、登记出勤、活动总结）、"
        f"{county_ws.url}monitoring/ 监测评价与 CSV 导出；{base}county/ 区域社区排名与趋势。",
        f"  {'school_yuelu1':16s} {base}school/ 学校社区：谁达到每周 1 次研修、每月 2 课时；坊主：{school_ws.url}",
        f"  {'county_tongnan':16s} {base}county/ 潼南区的学校与工作坊。",
        f"  {'editor_changsha':16s} {base}proposals/ 审批教师自主创建的工作坊；{base}county/ 长沙市全市概况；后台“学分银行”设置学分规则。",
    ]
    for line in lines:
        stdout.write(line + "\n")
