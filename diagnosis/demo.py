"""Demo content of 课堂切片诊断 for ``manage.py load_demo`` (``DiagnosisConfig.demo_loader``).

Six diagnoses in 岳麓区 (长沙市岳麓区第一小学, its 备课组 and the county trainer 彭建国,
``county_yuelu``), one waiting at each point of the flow: just raised (① done, the 备课组 not yet
started), ② with slices and replies, ③ with the 会诊 scheduled, ④ with a draft solution, ⑤
waiting for the second lesson, and one finished whose 典型案例 is in the library's review.
Every step goes through ``diagnosis.services``, so the demo is what the portal would make.

Recordings are lesson-length (40 minutes) drawn by ``home.lesson_video``; without ffmpeg the
committed 20-second clip stands in and the slices keep their place in proportion.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from home.lesson_video import HEIGHT, WIDTH, demo_lesson_video
from home.models import Role, School, Subject, TeacherProfile
from training.services import VideoProbe

from . import services
from .models import Aspect, Diagnosis, Slice, Step
from .services import Consent

CLIP = Path(__file__).resolve().parent.parent / "training" / "demo_media" / "lesson.mp4"
CLIP_SECONDS = 20.0
SCHOOL = "长沙市岳麓区第一小学"
PHASES = [
    ("intro", "情境导入", 5),
    ("explore", "自主探究", 10),
    ("cooperate", "小组合作", 12),
    ("practice", "巩固练习", 8),
    ("summary", "课堂小结", 5),
]
LESSONS = [
    # (lesson title, problem, target step)
    ("认识人民币", "学生兑换人民币时只会照着例子算，一换数就错：操作活动多，思考少。", Step.PRE_DIAGNOSIS),
    ("长方形和正方形的周长", "小组合作时总是一两个学生在做，其他人旁观，汇报也是组长一人说。", Step.PRE_DIAGNOSIS),
    ("分数的初步认识", "提问多为“是不是”“对不对”，学生答得齐，却说不出为什么。", Step.CONSULTATION),
    ("两位数乘两位数", "练习时间被讲解挤占，最后十分钟仓促收尾，当堂检测完成率低。", Step.SOLUTION),
    ("年、月、日", "板书零散，学生课后说不清大月、小月的规律是怎么得出的。", Step.PRACTICE),
    ("平移和旋转", "评价只有“很好”“真棒”，学生不知道好在哪里、怎样改进。", Step.DONE),
]
SLICES = [
    # (start minute, end minute, aspect, observation, reply)
    (
        6,
        9,
        Aspect.QUESTIONING,
        "连续 7 个问题都是“对不对”，学生齐答，没有追问理由。",
        "可以改成“你是怎么想的？”再请两位学生比较说法。",
    ),
    (
        17,
        23,
        Aspect.GROUP_WORK,
        "小组讨论 6 分钟，只有组长在写，其余三人旁观；任务单没有分工。",
        "建议任务单写明记录员、操作员、汇报员。",
    ),
    (31, 34, Aspect.TIME, "练习只剩 3 分钟，当堂检测没有做完。", "讲解环节可以删去一个重复的例题，把时间留给练习。"),
]


def _clip_or_lesson(title: str):
    """A lesson-length recording and the factor from lesson seconds to recording seconds."""
    lesson_seconds = sum(minutes for _, _, minutes in PHASES) * 60
    drawn = demo_lesson_video(title=title, phases=PHASES)
    if drawn is None:
        return CLIP, CLIP_SECONDS, CLIP_SECONDS / lesson_seconds
    return drawn, float(lesson_seconds), 1.0


def _upload(source: Path, name: str):
    """A stored file handed to the services as if the teacher had uploaded it."""
    upload = File(source.open("rb"), name=name)
    upload.content_type = "video/mp4"
    return upload


def _probe(duration: float):
    """What ffprobe would measure of a demo recording (its length is known; no second pass)."""

    def probe(path):
        return VideoProbe(
            duration=duration, width=WIDTH, height=HEIGHT, has_video=True, has_audio=False, format_name="mp4"
        )

    return probe


def _design(title: str):
    from resources.demo_attachments import docx_bytes

    paragraphs = ["教学目标", "教学重难点", "教学过程：" + "、".join(name for _, name, _ in PHASES)]
    return ContentFile(docx_bytes(title, paragraphs), name=f"{title}-教学设计.docx")


def load_demo(*, stdout) -> None:
    if Diagnosis.objects.filter(lesson_title=LESSONS[0][0]).exists():
        stdout.write("课堂诊断演示数据已存在，保持不变。")
        return
    school = School.objects.filter(name=SCHOOL).first()
    User = get_user_model()
    county = User.objects.filter(username="county_yuelu").first()
    lead = User.objects.filter(
        profile__role=Role.SCHOOL_TRAINER, profile__school=school, username="school_yuelu1"
    ).first()
    if school is None or county is None or lead is None:
        stdout.write("课堂诊断演示数据：缺少岳麓区学校或培训者，跳过。")
        return
    subject = Subject.objects.filter(name="数学").first()
    teachers = list(User.objects.filter(profile__school=school, profile__role=Role.TEACHER).order_by("username")[:4])
    if subject is None or len(teachers) < 2:
        stdout.write("课堂诊断演示数据：岳麓区第一小学教师不足，跳过。")
        return
    for user in teachers:  # the demo's 数学备课组
        user.profile.subjects.add(subject)
    with transaction.atomic():
        drawn = _load(school=school, subject=subject, teachers=teachers, lead=lead, county=county)
    note = "" if drawn else "（未找到 ffmpeg，录像用 20 秒示例片段代替，切片按比例缩放）"
    stdout.write(
        f"课堂诊断演示数据：岳麓区第一小学数学备课组 {len(LESSONS)} 个诊断，覆盖五个环节{note}。"
        f"教师 {teachers[0].username}、校级培训者 school_yuelu1、县级培训者 county_yuelu 登录后打开 /diagnosis/。"
    )


def _load(*, school, subject, teachers, lead, county) -> bool:
    stage = school.stage or TeacherProfile.objects.filter(user=teachers[0]).first().stage
    grade = (stage.grades.filter(name="三年级").first() or stage.grades.first()) if stage else None
    drawn_any = False
    for index, (title, problem, target) in enumerate(LESSONS):
        teacher = teachers[index % len(teachers)]
        peers = [t for t in teachers if t != teacher]
        source, duration, scale = _clip_or_lesson(f"{subject.name}《{title}》")
        drawn_any = drawn_any or scale == 1.0
        video = _upload(source, f"{title}-课堂实录.mp4")
        try:
            diagnosis = services.diagnosis_create(
                teacher=teacher,
                fields={"lesson_title": title, "problem": problem, "subject": subject, "stage": stage, "grade": grade},
                video=video,
                design=_design(title),
                consent=Consent(pupils="pending"),
                probe=_probe(duration),
            )
        finally:
            video.close()
        started = timezone.now() - datetime.timedelta(days=40 - index * 5)
        Diagnosis.objects.filter(pk=diagnosis.pk).update(created_at=started)
        if index == 0:
            continue  # just raised: the 备课组 has not started
        _walk(diagnosis, target=target, teacher=teacher, peers=peers, lead=lead, county=county, scale=scale)
    return drawn_any


def _slice(diagnosis, spec, *, author, replier, scale: float) -> None:
    """One slice (minutes of the lesson, scaled to the recording) and its replies: the teacher's,
    then a colleague's suggestion."""
    start, end, aspect, observation, reply = spec
    made = services.slice_add(
        user=author,
        diagnosis=diagnosis,
        start=int(start * 60 * scale),
        end=max(int(end * 60 * scale), int(start * 60 * scale) + 1),
        observation=observation,
        aspect=aspect,
        recording=Slice.Recording.FIRST,
    )
    services.reply_add(user=diagnosis.teacher, slice=made, body="收到，我再看看这一段。")
    services.reply_add(user=replier, slice=made, body=reply)


def _walk(diagnosis, *, target, teacher, peers, lead, county, scale) -> None:
    # ② the 备课组 marks two slices; ③ the county trainer adds the third at the 会诊.
    _slice(diagnosis, SLICES[0], author=peers[0], replier=lead, scale=scale)
    _slice(diagnosis, SLICES[1], author=lead, replier=peers[-1], scale=scale)
    services.pre_opinion_save(
        user=lead,
        diagnosis=diagnosis,
        text="问题集中在学生活动的设计：任务没有分工、提问缺少追问。建议请区教研员会诊。",
    )
    if target == Step.PRE_DIAGNOSIS:
        return
    services.pre_diagnosis_close(user=lead, diagnosis=diagnosis)
    when = timezone.now() + datetime.timedelta(days=3) if target == Step.CONSULTATION else timezone.now()
    services.consultation_schedule(
        user=county, diagnosis=diagnosis, when=when, place="岳麓区教师发展中心 302 室", hours=Decimal("2")
    )
    _slice(diagnosis, SLICES[2], author=county, replier=lead, scale=scale)
    if target == Step.CONSULTATION:
        return
    services.attendance_record(
        user=county, diagnosis=diagnosis, attendee_ids=[teacher.pk, lead.pk, *[p.pk for p in peers]]
    )
    services.consultation_close(
        user=county, diagnosis=diagnosis, notes="以任务单明确分工；关键问题后追问“为什么”；练习时间不少于 8 分钟。"
    )
    services.solution_save(
        user=peers[0],
        diagnosis=diagnosis,
        text="一、任务单写明记录员、操作员、汇报员；\n二、每个关键问题准备一个追问；\n三、讲解压缩到 15 分钟以内，保证 8 分钟练习。",
    )
    if target == Step.SOLUTION:
        return
    services.solution_close(user=county, diagnosis=diagnosis)
    if target == Step.PRACTICE:
        return
    source, duration, _ = _clip_or_lesson(f"{diagnosis.subject.name}《{diagnosis.lesson_title}》改进课")
    video = _upload(source, f"{diagnosis.lesson_title}-改进课.mp4")
    try:
        services.practice_submit(
            user=teacher,
            diagnosis=diagnosis,
            video=video,
            reflection="按方案分工后，每个学生都有事做；追问让学生说出了思路；练习完成率从 60% 提高到 90%。",
            consent=Consent(pupils="pending"),
            probe=_probe(duration),
        )
    finally:
        video.close()
