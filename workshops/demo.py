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
from home.models import Region, Role, School, Stage, Subject
from home.people import display_name

from . import services
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
            place=place or ("线上" if mode == ActivityMode.ONLINE else "学校报告厅"),
            link=link
            or (
                f"https://meeting.rtpt.local/{workshop.slug}/{starts_at:%Y%m%d}" if mode == ActivityMode.ONLINE else ""
            ),
            description="围绕研修主题开展，请提前阅读推送资源并准备一个课堂问题。",
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
    from resources.models import GeneratedResourcePage

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
    notes = [
        "请重点研读教学目标与评价设计。",
        "可作为本阶段同课异构的参考课例。",
        "县级优秀作品，供大家学习借鉴。",
        "结合本校学情改编后在组内试教。",
    ]
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
    courses = [
        "新课标下的大单元教学设计",
        "信息技术与课堂教学深度融合",
        "作业设计与学业评价",
        "课堂观察与切片诊断",
        "校本研修的组织与实施",
        "心理健康教育基础",
    ]
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
                    "校本研修：主题研讨与听评课",
                    None,
                )
            ]
            if months_back % 3 == 0:
                course = courses[(months_back // 3 + rng.randint(0, 5)) % len(courses)]
                hours = Decimal(rng.choice([4, 6, 8]))
                per_hour = rules[CreditSource.COURSE].credits_per_hour if CreditSource.COURSE in rules else Decimal("1")
                plan.append((CreditSource.COURSE, hours * per_hour, f"完成课程：{course}", hours))
            if rng.random() < 0.35:
                plan.append((CreditSource.WORKSHOP, Decimal("2.0"), "工作坊线上研讨", Decimal("2.0")))
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
            title="岳麓区小学数学教师工作坊",
            host=county_yuelu,
            intro="由岳麓区小学数学教研员主持，聚焦“大单元整体教学”与“课堂切片诊断”，组织跨校同课异构与听课评课。",
            subject=math,
            stage=primary,
            region=yuelu,
        )
        school_ws, _ = _workshop(
            index,
            slug="yuelu1-school-research",
            title="岳麓一小校本研修坊",
            host=school_yuelu1,
            intro="长沙市岳麓区第一小学的校本研修空间：每周一次主题研修，每月两课时集中研修，活动出勤计入校本研修学分。",
            stage=primary,
            region=yuelu,
            school=yuelu1,
        )
        masters_ws, _ = _workshop(
            index,
            slug="yuelu-masters-studio",
            title="岳麓区名师工作室",
            host=county_yuelu,
            intro="骨干教师与名优教师的研修共同体，研讨材料仅对工作室成员开放。",
            region=yuelu,
            visibility=Visibility.MEMBERS,
        )
        tongnan_ws = None
        if county_tongnan is not None:
            tongnan_ws, _ = _workshop(
                index,
                slug="tongnan-research-training",
                title="潼南区研训一体工作坊",
                host=county_tongnan,
                intro="“问题导向+学科会诊”五步校本研修：问题诊断、课例研讨、课堂切片、改进再实践、成果提炼。",
                region=tongnan,
            )
        lushan_ws = None
        if school_lushan is not None and lushan is not None:
            lushan_ws, _ = _workshop(
                index,
                slug="lushan-math-group",
                title="麓山国际初中数学教研组",
                host=school_lushan,
                intro="麓山国际实验学校初中数学组的校本研修空间。",
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

        _plan(
            county_ws,
            title="2026 学年小学数学大单元教学研修计划",
            description="以单元整体教学为主线，经历“诊断—设计—实践—提炼”四个阶段。",
            phases=[
                ("需求诊断", -60, -31, "完成学情与教情调查；每位成员提交一个课堂问题。"),
                ("课例研讨", -30, 14, "分组开展同课异构与听课评课，形成单元教学设计初稿。"),
                ("实践改进", 15, 60, "回校试教，录制课堂实录并做切片诊断。"),
                ("成果提炼", 61, 90, "提交“3个1”成果：单元教学案例、研修方案、研修总结。"),
            ],
        )
        _plan(
            school_ws,
            title="岳麓一小 2026 年校本研修计划",
            description="每周一次主题研修，每月两课时集中研修。",
            phases=[
                ("问题诊断", -70, -40, "各学科组梳理课堂教学共性问题。"),
                ("主题研修", -39, 30, "每周一次主题研讨或听课评课。"),
                ("成果展示", 31, 60, "学科组展示研修成果，推荐优秀作品至区县资源库。"),
            ],
        )

        # Past and upcoming activities of the county workshop; attendance grows the credits.
        kinds = [
            ("主题研讨：单元整体教学的目标设计", "seminar"),
            ("同课异构：《分数的初步认识》", "same_lesson"),
            ("听课评课：《长方形和正方形的周长》", "observation"),
            ("专家讲座：课堂切片诊断方法", "lecture"),
            ("主题研讨：作业设计与评价", "seminar"),
            ("同课异构：《认识时间》", "same_lesson"),
        ]
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
                summary="活动按计划完成，形成了可推广的教学设计要点，下一次活动将回校实践后再研讨。" if i < 5 else "",
            )
        _activity(
            county_ws,
            title="同课异构：《两位数乘两位数》",
            kind="same_lesson",
            mode=ActivityMode.OFFLINE,
            starts_at=_local(today + datetime.timedelta(days=5), 14, 30),
            hours=Decimal("3"),
            attendees=county_members[:5],
            place="长沙市岳麓区第一小学录播教室",
        )
        _activity(
            county_ws,
            title="专家讲座：新课标下的学业评价",
            kind="lecture",
            mode=ActivityMode.ONLINE,
            starts_at=_local(today + datetime.timedelta(days=12), 19, 0),
            hours=Decimal("2"),
            attendees=county_members[:3],
        )

        # The school workshop meets every week (1.5 h); a few teachers miss some weeks.
        for weeks_back in range(10, -1, -1):
            monday = today - datetime.timedelta(days=today.weekday()) - datetime.timedelta(weeks=weeks_back)
            day = min(monday + datetime.timedelta(days=2), today)
            starts_at = _local(day, 16, 0)
            if starts_at > now:
                starts_at = now - datetime.timedelta(minutes=30)
            attendees = [t for n, t in enumerate(yuelu1_teachers) if not (n % 3 == 2 and weeks_back % 2 == 0)]
            _activity(
                school_ws,
                title=f"校本研修（{monday.month}月{monday.day}日当周）：{['课堂观察', '教学反思分享', '作业设计', '单元备课'][weeks_back % 4]}",
                kind="seminar" if weeks_back % 3 else "observation",
                mode=ActivityMode.OFFLINE,
                starts_at=starts_at,
                hours=Decimal("1.5"),
                attendees=attendees,
                place="岳麓一小三楼会议室",
                summary="各学科组交流了本周课堂中的典型问题，确定了下周改进重点。",
            )

        # Threads and replies.
        people = county_members[:6]
        if len(people) >= 3:
            _thread(
                county_ws,
                author=people[0],
                title="大单元教学中如何设计核心问题？",
                body="我在设计《分数的初步认识》单元时，觉得核心问题不好提炼，大家有什么经验？",
                replies=[
                    (people[1], "可以从学生的真实生活情境出发，比如分蛋糕。"),
                    (people[2], "建议先梳理单元的大概念，再反推核心问题。"),
                    (county_yuelu, "下周的同课异构活动我们就围绕这个问题展开。"),
                ],
                at=now - datetime.timedelta(days=20),
            )
            _thread(
                county_ws,
                author=people[2],
                title="课堂切片诊断的观察量表分享",
                body="整理了一份课堂切片诊断观察量表，欢迎大家试用并提出修改意见。",
                replies=[(people[0], "量表很实用，建议增加“学生提问质量”一项。")],
                at=now - datetime.timedelta(days=9),
            )
            _thread(
                masters_ws,
                author=people[0],
                title="名师工作室内部研讨：期中质量分析",
                body="本帖仅工作室成员可见：请各位提交本校期中质量分析要点。",
                replies=[(people[1], "已整理，周五前上传。")],
                at=now - datetime.timedelta(days=6),
            )
            _demo_file(
                masters_ws,
                uploader=county_yuelu,
                title="名师工作室内部资料：期中质量分析模板",
                text="期中质量分析模板（仅工作室成员可下载）\n一、试卷结构\n二、典型错误\n三、改进措施\n",
            )
        if yuelu1_teachers:
            _thread(
                school_ws,
                author=yuelu1_teachers[0],
                title="本周听课反思：如何让学生多说",
                body="今天听了二年级的数学课，学生表达机会偏少，大家怎么看？",
                replies=[(t, "可以增加同桌互说环节。") for t in yuelu1_teachers[1:3]],
                at=now - datetime.timedelta(days=3),
            )

        # Resource pushes: the county workshop goes past the guide's 20.
        pushed = _push_resources(county_ws, count=22, subject=math, stage=primary)
        if tongnan_ws:
            pushed += _push_resources(tongnan_ws, count=8, subject=None, stage=None)
        pushed += _push_resources(school_ws, count=6, subject=None, stage=primary)

        # Journals and personal plans.
        for n, teacher in enumerate(yuelu1_teachers[:4]):
            if not JournalEntry.objects.filter(author=teacher).exists():
                services.journal_add(
                    author=teacher,
                    title="研修日志：同课异构后的反思",
                    visibility=JournalVisibility.SHARED,
                    body="对比两种设计后发现，情境导入越贴近学生生活，学生参与越主动。下次尝试让学生先提问题。",
                    workshop=school_ws,
                    at=now - datetime.timedelta(days=7 + n),
                )
                services.journal_add(
                    author=teacher,
                    title="个人反思：课堂提问",
                    visibility=JournalVisibility.PRIVATE,
                    body="本周的课堂提问仍以封闭式问题为主，需要设计更多开放性问题。",
                    at=now - datetime.timedelta(days=2 + n),
                )
            if not PersonalPlan.objects.filter(teacher=teacher, year=today.year).exists():
                services.personal_plan_save(
                    teacher=teacher,
                    year=today.year,
                    goals="1. 完成一个单元整体教学设计并参加县级推优；\n2. 每周参加校本研修，全年 20 学分；\n3. 完成“课堂切片诊断”课程。",
                )

        # A pending self-service workshop for the editors.
        if joiner is not None and not WorkshopProposal.objects.filter(proposer=joiner).exists():
            WorkshopProposal.objects.create(
                proposer=joiner,
                title="青年教师成长工作坊",
                intro="面向入职三年内的青年教师，开展磨课与教学反思。",
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
