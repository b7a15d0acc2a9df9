"""Demo of 同课异构 in a workshop (called by ``workshops.demo.load_demo``): a past 同课异构
activity of the county workshop where two or three members taught the same lesson and handed
in their entries — their own published teaching design, a lesson-length recording drawn with
ffmpeg (``home.lesson_video``; the short committed clips where ffmpeg is missing), the time
allocation, the comparison points and a reflection. The activity is left unconverted so that
the host (county_yuelu) can try 生成同课异构展示案例 on its page. Idempotent: the activity is
found by title, each entry by teacher.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from pathlib import Path

from django.utils import timezone

from home.consent import consent_of, consent_record
from home.lesson_video import HEIGHT, WIDTH, demo_lesson_video
from home.models import RecordingAudience
from resources.models import GeneratedResourcePage, ResourceKind
from showcase.selectors import lesson_name
from showcase.services import recording_get_or_create

from .models import ActivityKind, ActivityMode, SameLessonEntry, WorkshopActivity

CLIPS = Path(__file__).resolve().parents[1] / "showcase" / "demo_media"
# Three ways to teach the same lesson: (kind, phase name, minutes), then the comparison points.
VARIANTS = [
    {
        "phases": [
            ("intro", "生活情境导入", 5),
            ("explore", "动手操作探究", 15),
            ("cooperate", "小组交流", 8),
            ("practice", "分层练习", 10),
            ("summary", "课堂小结", 2),
        ],
        "objectives": "在操作中理解本课的核心概念，能用自己的话说明理由。",
        "assessment": "观察操作记录单，当堂分层练习正确率。",
        "reflection": "操作环节学生兴趣很高，但用时超出预设 3 分钟，练习只完成了基础题；下次把操作要求写在任务单上。",
    },
    {
        "phases": [
            ("intro", "问题链导入", 3),
            ("cooperate", "合作探究", 20),
            ("assess", "展示互评", 10),
            ("practice", "巩固练习", 5),
            ("summary", "总结提升", 2),
        ],
        "objectives": "经历提出猜想、合作验证的过程，发展推理意识。",
        "assessment": "小组展示评价量表，课后两道迁移题。",
        "reflection": "合作探究给足了时间，展示环节暴露出两种典型错误，及时点评效果好；个别小组分工不清，需要预设角色卡。",
    },
    {
        "phases": [
            ("intro", "复习旧知", 4),
            ("explore", "例题精讲", 12),
            ("practice", "变式训练", 16),
            ("assess", "当堂检测", 6),
            ("summary", "梳理方法", 2),
        ],
        "objectives": "掌握基本方法并能在变式中灵活运用。",
        "assessment": "当堂检测五道题，统计每题正确率。",
        "reflection": "变式训练层次清楚，检测正确率 86%；学生主动提问较少，下次在例题后留出质疑时间。",
    },
]


def _designs(*, workshop, members) -> tuple[str, list[GeneratedResourcePage]]:
    """The lesson most members designed (published teaching designs of the workshop's stage and
    subject), with one design per teacher, at most three; else the members' latest designs."""
    designs = (
        GeneratedResourcePage.objects.visible_to_public()
        .filter(kind=ResourceKind.TEACHING_DESIGN, author__in=members)
        .order_by("-pk")
    )
    if workshop.stage_id:
        designs = designs.filter(stage=workshop.stage_id)
    if workshop.subject_id:
        designs = designs.filter(subject=workshop.subject_id)
    by_lesson: dict[str, dict[int, GeneratedResourcePage]] = defaultdict(dict)
    latest: dict[int, GeneratedResourcePage] = {}
    for design in designs:
        latest.setdefault(design.author_id, design)
        name = lesson_name(design.title)
        if name:
            by_lesson[name].setdefault(design.author_id, design)
    lesson, chosen = max(by_lesson.items(), key=lambda item: len(item[1]), default=("", {}))
    if len(chosen) < 2:
        chosen = latest
        first = next(iter(chosen.values()), None)
        lesson = (lesson_name(first.title) if first else "") or "同一课题"
    return lesson, list(chosen.values())[:3]


def _recording(*, title: str, phases: list[tuple[str, str, int]], clip: int, user):
    drawn = demo_lesson_video(title=title, phases=phases)
    if drawn is None:
        return recording_get_or_create(
            title=title, path=CLIPS / f"recording-{clip}.mp4", duration=8, width=320, height=180, user=user
        )
    seconds = sum(minutes for _, _, minutes in phases) * 60
    return recording_get_or_create(title=title, path=drawn, duration=seconds, width=WIDTH, height=HEIGHT, user=user)


def load_same_lesson(*, workshop, members, make_activity) -> WorkshopActivity | None:
    """The demo 同课异构 activity of ``workshop`` with its entries; None when fewer than two
    members have a published teaching design. ``make_activity`` is the demo's activity helper
    (sign-ups and attendance, with credits)."""
    lesson, designs = _designs(workshop=workshop, members=members)
    if len(designs) < 2:
        return None
    title = f"同课异构：《{lesson}》" if lesson != "同一课题" else "同课异构：同一课题，不同设计"
    teachers = [d.author for d in designs]
    starts_at = timezone.now() - datetime.timedelta(days=6)
    activity = make_activity(
        workshop,
        title=title,
        kind=ActivityKind.SAME_LESSON,
        mode=ActivityMode.OFFLINE,
        starts_at=starts_at.replace(hour=9, minute=0, second=0, microsecond=0),
        hours=3,
        attendees=teachers,
        summary=f"{len(teachers)} 位老师执教《{lesson}》，课后围绕时间分配与探究方式展开研讨。",
    )
    for number, (design, variant) in enumerate(zip(designs, VARIANTS, strict=False), 1):
        teacher = design.author
        if SameLessonEntry.objects.filter(activity=activity, teacher=teacher).exists():
            continue
        recording = _recording(
            title=f"{title} · {design.author_name or teacher.get_username()} 课堂实录",
            phases=variant["phases"],
            clip=number,
            user=teacher,
        )
        if consent_of(recording) is None:  # the teacher confirmed the guardians' consent on upload
            consent_record(
                recording,
                confirmed_by=teacher,
                consent_audience=RecordingAudience.PUBLIC,
                visibility=RecordingAudience.PUBLIC,
                school=design.school,
                note="演示数据：监护人已签署公开授权书",
            )
        SameLessonEntry.objects.create(
            activity=activity,
            teacher=teacher,
            teaching_design=design,
            recording=recording,
            time_allocation=[{"kind": k, "label": label, "minutes": m} for k, label, m in variant["phases"]],
            objectives=variant["objectives"],
            assessment=variant["assessment"],
            reflection=variant["reflection"],
        )
    return activity
