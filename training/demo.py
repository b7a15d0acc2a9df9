"""Demo content of training for ``manage.py load_demo`` (declared as ``TrainingConfig.demo_loader``).

Idempotent: the course index, courses, media and demo records are created only when missing.
The course index page (课程中心, slug ``courses``) is created here, under the home page, with
Wagtail's own ``add_child`` (which finds the next free tree path), not in a migration.
"""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from wagtailmedia.models import get_media_model

from django.contrib.auth import get_user_model
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from home.models import HomePage, Stage, Subject

from . import services
from .models import (
    Assignment,
    CourseIndexPage,
    CourseModulePage,
    CoursePage,
    LessonRecordingPage,
    LessonSlice,
    MicroLecturePage,
    PeerReview,
    StageVideoLimit,
    Submission,
    TrainingSettings,
)

DEMO_MEDIA = Path(__file__).resolve().parent / "demo_media"
RUBRIC = [
    ("criterion", {"name": "目标与学情", "description": "单元目标清晰，依据课标与学情。", "max_points": 10}),
    ("criterion", {"name": "任务与活动", "description": "核心任务驱动，活动层层递进。", "max_points": 10}),
    ("criterion", {"name": "评价设计", "description": "有与目标一致的过程性评价。", "max_points": 10}),
]


def _p(text: str) -> str:
    return "".join(f"<p>{line}</p>" for line in text.split("\n"))


def _document(title: str, filename: str, paragraphs: list[str]):
    """A small real Word document (the recording's teaching design or courseware handout)."""
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model

    from resources.demo_attachments import docx_bytes

    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(filename, ContentFile(docx_bytes(title, paragraphs)), save=False)
        document.save()
    return document


def _media(title: str, filename: str):
    """Register a committed demo video as wagtailmedia Media with its measured duration."""
    Media = get_media_model()
    media = Media.objects.filter(title=title).first()
    if media is not None:
        return media
    probe = json.loads((DEMO_MEDIA / "probe.json").read_text())[filename]
    with open(DEMO_MEDIA / filename, "rb") as handle:
        media = Media(
            title=title, type="video", duration=probe["duration"], width=probe["width"], height=probe["height"]
        )
        media.file.save(f"demo-{filename}", File(handle), save=False)
        media.save()
    return media


def _question(kind: str, prompt: str, options=(), answer_true=False, explanation="", time_point=None):
    return (
        "question",
        {
            "kind": kind,
            "prompt": prompt,
            "answer_true": answer_true,
            "explanation": explanation,
            "time_point": time_point,
            "options": [{"text": text, "correct": correct} for text, correct in options],
        },
    )


def _users(names):
    User = get_user_model()
    found = {u.username: u for u in User.objects.filter(username__in=names)}
    return [found[n] for n in names if n in found]


def _add(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _assignment(module, **fields) -> Assignment:
    assignment = Assignment.objects.filter(module=module, title=fields["title"]).first()
    if assignment is None:
        assignment = Assignment.objects.create(module=module, rubric=RUBRIC, **fields)
        # Publish again so that the page's revision holds the assignment: an editor's next
        # publish rewrites the inline rows from the latest revision.
        module.save_revision().publish()
    return assignment


def _submit(assignment, teacher, text, when):
    submission = Submission.objects.filter(assignment=assignment, teacher=teacher).first()
    if submission is None:
        services.course_enrol(course=assignment.module.get_parent().specific, teacher=teacher)
        submission = services.submission_submit(
            assignment=assignment, teacher=teacher, text=text, uploaded=None, now=when
        )
    return submission


def _review_some(assignment, share: float, now) -> None:
    reviews = list(
        PeerReview.objects.filter(submission__assignment=assignment, status=PeerReview.Status.PENDING).order_by("pk")
    )
    for review in reviews[: int(len(reviews) * share)]:
        scores = {block.id: str(7 + (review.pk + i) % 4) for i, block in enumerate(assignment.rubric)}
        services.peer_review_submit(
            review=review,
            reviewer=review.reviewer,
            scores=scores,
            now=now,
            comment="目标表述清楚，核心任务有挑战性；建议把评价任务与课时目标一一对应。",
        )


DRAFTS = [
    "以“勾股定理”为单元主题，设计“发现—证明—应用”三个课时，用赵爽弦图贯穿单元。",
    "单元核心任务：为学校测量旗杆高度设计方案。第一课时猜想，第二课时证明，第三课时应用与反思。",
    "从学生前测出发，发现学生对面积法证明理解困难，因此增加拼图活动与小组讲解环节。",
    "单元目标对应课标“图形与几何”，设计三层作业：基础巩固、变式探究、项目实践。",
    "以问题链组织教学：直角三角形三边有何关系？如何证明？生活中哪里用得到？",
    "设计跨学科任务：结合物理中的力的合成，体会勾股定理的应用价值。",
]


def load_demo(*, stdout) -> None:
    home = HomePage.objects.first()
    if home is None:
        stdout.write("课程演示数据：没有首页，跳过。")
        return
    with transaction.atomic():
        _load(home=home, stdout=stdout)
    _print_guidance(stdout)


def _load(*, home, stdout) -> None:
    now = timezone.now()
    teachers = _users([f"teacher{n:03d}" for n in range(1, 9)])
    trainers = _users(["county_yuelu", "school_yuelu1"])
    math = Subject.objects.filter(name="数学").first()
    junior = Stage.objects.filter(name="初中").first()
    kindergarten = Stage.objects.filter(name="幼儿园").first()

    settings = TrainingSettings.current()
    if settings.pk and kindergarten and not settings.stage_limits.filter(stage=kindergarten).exists():
        StageVideoLimit.objects.create(settings=settings, stage=kindergarten, max_minutes=10)

    index = CourseIndexPage.objects.first()
    if index is None:
        index = _add(
            home,
            CourseIndexPage(
                title="课程中心",
                slug="courses",
                intro=_p("网络研修课程：模块化学习、微课即时测评、课堂切片诊断与作业互评。"),
            ),
        )
    if CoursePage.objects.filter(slug="unit-design").exists():
        stdout.write("课程演示数据已存在，保持不变。")
        return

    # --- course 1: the full path a teacher walks ---------------------------------------------
    course = _add(
        index,
        CoursePage(
            title="新课标下的单元整体教学设计",
            slug="unit-design",
            subject=math,
            stage=junior,
            is_required=True,
            summary="围绕“勾股定理”单元，学习单元整体教学设计的方法：微课学习、即时测评、课例研讨与作业互评。",
            body=_p("本课程对应研修主题“大单元教学”，必修模块以微课与课例为主，选修模块聚焦课堂提问。"),
        ),
    )
    course.trainers.set(trainers)
    course.save_revision().publish()
    m1 = _add(
        course,
        CourseModulePage(
            title="模块一：单元整体教学设计入门",
            slug="module-1",
            is_required=True,
            online_hours=Decimal("2"),
            offline_hours=Decimal("1"),
            objectives=_p("理解单元整体教学的内涵；能依据课标确定单元目标。"),
            content=_p("单元整体教学设计的四个要素：目标、任务、活动、评价。"),
            cases=_p("典型案例：长沙市某中学“勾股定理”单元设计。"),
            online_activities=_p("观看微课并完成即时测评；观摩课堂实录的切片诊断。"),
            offline_activities=_p("教研组集体备课：研讨本校一个单元的整体设计。"),
            outcome_requirements=_p("提交一份单元整体教学设计初稿，并完成 3 份同伴互评。"),
        ),
    )
    intro = _add(
        m1,
        MicroLecturePage(
            title="什么是单元整体教学",
            slug="what-is-unit-teaching",
            video=_media("微课：什么是单元整体教学", "intro.mp4"),
            stage=junior,
            summary="用 8 秒的演示视频说明单元整体教学的核心：从课时走向单元。",
            teaching_notes=_p("单元是学习的基本单位；目标、任务、活动、评价要一致。"),
            transcript="单元整体教学，是以单元为单位整体规划目标、任务、活动与评价。",
            quiz=[
                _question(
                    "single",
                    "单元整体教学设计首先要确定的是？",
                    [("单元目标", True), ("课件模板", False), ("作业数量", False)],
                    explanation="目标统领任务、活动与评价。",
                    time_point=5,
                ),
                _question(
                    "multiple",
                    "单元整体教学设计包含哪些要素？",
                    [("目标", True), ("任务", True), ("评价", True), ("座位表", False)],
                    explanation="目标、任务、活动、评价四个要素。",
                ),
                _question(
                    "true_false",
                    "单元整体教学就是把几节课简单拼在一起。",
                    answer_true=False,
                    explanation="单元整体教学强调整体规划和结构化，而不是拼接。",
                ),
            ],
        ),
    )
    _add(
        m1,
        MicroLecturePage(
            title="“勾股定理”单元的整体设计",
            slug="pythagoras-unit",
            video=_media("微课：勾股定理单元设计", "pythagoras.mp4"),
            stage=junior,
            summary="以赵爽弦图贯穿单元，设计“发现—证明—应用”三个课时。",
            teaching_notes=_p("用拼图活动突破面积法证明的难点。"),
            quiz=[
                _question(
                    "single",
                    "本单元用哪一幅图贯穿始终？",
                    [("赵爽弦图", True), ("杨辉三角", False)],
                    explanation="赵爽弦图直观体现面积关系。",
                ),
                _question(
                    "true_false",
                    "勾股定理只适用于直角三角形。",
                    answer_true=True,
                    explanation="逆定理可用来判断直角三角形。",
                ),
            ],
        ),
    )
    recording = LessonRecordingPage(
        title="《勾股定理》第一课时课堂实录",
        slug="pythagoras-lesson",
        video=_media("课堂实录：勾股定理第一课时", "lesson.mp4"),
        teacher_name="王晓燕",
        summary="初中数学八年级，新授课；展示学生猜想、拼图验证的过程。",
        teaching_design=_document(
            "《勾股定理》第一课时教学设计（王晓燕）",
            "pythagoras-design.docx",
            [
                "教学目标：经历“测量—猜想—验证”的过程，理解勾股定理；能用面积法说明定理成立的理由。",
                "教学重点：勾股定理的探索与验证。教学难点：用拼图（赵爽弦图）进行面积法证明。",
                "教学过程：一、情境导入（测量旗杆，5 分钟）；二、猜想（方格纸上计算三边平方，8 分钟）；"
                "三、拼图验证（小组合作拼赵爽弦图，15 分钟）；四、应用练习（10 分钟）；五、小结与评价（7 分钟）。",
                "作业设计：基础题两道；拓展任务：查找勾股定理的另一种证法并在下节课分享。",
            ],
        ),
        courseware=_document(
            "《勾股定理》第一课时课件（讲义版）",
            "pythagoras-courseware.docx",
            [
                "第 1 页：旗杆有多高？——不爬上去，怎样测量？",
                "第 2 页：方格纸上的直角三角形，三边的平方有什么关系？",
                "第 3 页：赵爽弦图拼图活动说明（四人一组，8 分钟）。",
                "第 4 页：勾股定理：直角三角形两直角边的平方和等于斜边的平方。",
                "第 5 页：课堂练习与自评量表。",
            ],
        ),
    )
    trainer = trainers[0] if trainers else None
    recording.slices = [
        LessonSlice(
            title="情境导入：测量旗杆",
            start_seconds=0,
            end_seconds=5,
            trainer=trainer,
            diagnosis="情境真实，但提问指向不够明确，建议直接抛出“三边有何关系”。",
        ),
        LessonSlice(
            title="拼图活动：面积法验证",
            start_seconds=6,
            end_seconds=13,
            trainer=trainer,
            diagnosis="小组分工清晰；教师巡视时可追问“为什么面积相等”，把操作上升为说理。",
        ),
        LessonSlice(
            title="课堂小结与评价",
            start_seconds=14,
            end_seconds=20,
            trainer=trainer,
            diagnosis="小结由学生完成，值得肯定；评价任务与目标对应，可增加自评量表。",
        ),
    ]
    _add(m1, recording)
    a1 = _assignment(
        m1,
        title="单元整体教学设计初稿",
        instructions=_p("选择本学期一个单元，提交单元整体教学设计初稿（目标、任务、活动、评价）。"),
        deadline=now - timedelta(days=2),
        review_deadline=now + timedelta(days=5),
        peers_per_submission=3,
    )
    m2 = _add(
        course,
        CourseModulePage(
            title="模块二（选修）：课堂提问的设计",
            slug="module-2",
            is_required=False,
            online_hours=Decimal("3"),
            offline_hours=Decimal("3"),
            objectives=_p("能设计有层次的问题链。"),
            content=_p("问题链的三种结构：递进式、并列式、发散式。"),
            outcome_requirements=_p("提交一份问题链设计。"),
        ),
    )
    _add(
        m2,
        MicroLecturePage(
            title="好问题的三个特征",
            slug="good-questions",
            video=_media("微课：好问题的三个特征", "questioning.mp4"),
            stage=junior,
            summary="好问题：有挑战、可探究、指向目标。",
            quiz=[
                _question(
                    "single",
                    "下列哪个问题更有探究价值？",
                    [("三边有什么关系？", True), ("这是直角三角形吗？", False)],
                    explanation="开放而指向核心的问题更能引发探究。",
                )
            ],
        ),
    )
    _assignment(
        m2,
        title="设计一条问题链",
        instructions=_p("为你任教的一节课设计 3–5 个递进的问题，并说明设计意图。"),
        deadline=now + timedelta(days=10),
        review_deadline=now + timedelta(days=17),
        peers_per_submission=3,
    )
    # Peers who already submitted the first assignment; it is now in peer review.
    for teacher, text in zip(teachers[1:7], DRAFTS, strict=False):
        _submit(a1, teacher, text, now - timedelta(days=3))
    services.assignment_allocate(assignment=a1, now=now - timedelta(days=2))
    _review_some(a1, 0.5, now - timedelta(days=1))

    # --- course 2: a finished assignment (final scores, a lapsed reviewer, an override) --------
    course2 = _add(
        index,
        CoursePage(
            title="课堂切片诊断与教学改进",
            slug="slice-diagnosis",
            subject=math,
            stage=junior,
            is_required=False,
            summary="学习“问题导向＋学科会诊”的课堂切片诊断方法，用切片改进自己的课堂。",
        ),
    )
    course2.trainers.set(trainers)
    course2.save_revision().publish()
    c2m1 = _add(
        course2,
        CourseModulePage(
            title="切片诊断的方法",
            slug="slice-methods",
            is_required=True,
            online_hours=Decimal("1"),
            offline_hours=Decimal("2"),
            objectives=_p("会选取关键教学片段，写出有证据的诊断意见。"),
            outcome_requirements=_p("为一段课堂实录写 3 条切片诊断。"),
        ),
    )
    _add(
        c2m1,
        MicroLecturePage(
            title="如何选取课堂切片",
            slug="choose-slices",
            video=_media("微课：如何选取课堂切片", "reading.mp4"),
            stage=junior,
            quiz=[
                _question(
                    "true_false",
                    "课堂切片应选取与研修问题相关的关键片段。",
                    answer_true=True,
                    explanation="切片服务于诊断的问题。",
                )
            ],
        ),
    )
    a2 = _assignment(
        c2m1,
        title="切片诊断练习",
        instructions=_p("观看课堂实录，选择 3 个切片写出诊断意见。"),
        deadline=now - timedelta(days=20),
        review_deadline=now - timedelta(days=6),
        peers_per_submission=2,
    )
    for teacher, text in zip(teachers[1:5], DRAFTS[2:], strict=False):
        _submit(a2, teacher, text, now - timedelta(days=21))
    services.assignment_allocate(assignment=a2, now=now - timedelta(days=19))
    _review_some(a2, 0.75, now - timedelta(days=10))
    services.assignment_reallocate_overdue(assignment=a2, now=now - timedelta(days=5))
    _review_some(a2, 1.0, now - timedelta(days=4))
    first = a2.submissions.order_by("pk").first()
    if first is not None and trainer is not None:
        services.submission_override(
            submission=first, trainer=trainer, score=Decimal("27"), comment="诊断证据充分，酌情加分。"
        )

    # --- course 3: kindergarten (10-minute limit), too few submissions to peer review --------------
    course3 = _add(
        index,
        CoursePage(
            title="幼儿园游戏化教学微课制作",
            slug="kindergarten-micro",
            stage=kindergarten,
            is_required=False,
            summary="学习制作 10 分钟以内的幼儿园游戏化教学微课。",
        ),
    )
    course3.trainers.set(trainers)
    course3.save_revision().publish()
    c3m1 = _add(
        course3,
        CourseModulePage(
            title="微课脚本与拍摄",
            slug="script-and-shooting",
            is_required=True,
            online_hours=Decimal("1"),
            offline_hours=Decimal("1"),
            objectives=_p("能写出一份游戏化微课脚本。"),
        ),
    )
    _add(
        c3m1,
        MicroLecturePage(
            title="游戏化微课的脚本结构",
            slug="script-structure",
            video=_media("微课：游戏化微课脚本", "reading.mp4"),
            stage=kindergarten,
            quiz=[
                _question(
                    "true_false",
                    "幼儿园微课时长上限在本平台设为 10 分钟。",
                    answer_true=True,
                    explanation="见课程与微课设置中的学段上限。",
                )
            ],
        ),
    )
    a3 = _assignment(
        c3m1,
        title="提交一份微课脚本",
        instructions=_p("提交一份 5 分钟以内的游戏化微课脚本。"),
        deadline=now - timedelta(days=1),
        review_deadline=now + timedelta(days=6),
        peers_per_submission=3,
    )
    if teachers[7:8]:
        _submit(a3, teachers[7], "脚本：《小熊找朋友》— 用手偶引出数的分解。", now - timedelta(days=2))
    services.assignment_allocate(assignment=a3, now=now - timedelta(hours=20))
    stdout.write(f"课程演示数据：3 门课程、{MicroLecturePage.objects.count()} 节微课、1 节课堂实录（3 个切片）已载入。")
    _ = intro


def _print_guidance(stdout) -> None:
    stdout.write(
        "\n".join(
            [
                "— 课程与微课（/courses/）演示：",
                "  teacher001 / rtpt2026：进入“新课标下的单元整体教学设计”→ 加入课程 → 看完模块一的两节微课并完成即时测评"
                "（第一节第 5 秒会暂停提示作答）→ 学习《勾股定理》课堂实录，点击切片跳转 → 在模块一提交作业（已过截止，记为逾期并分到 3 份同伴作业）"
                "→ 完成 3 份互评 → 自动结业，学时记入学分银行。",
                "  teacher002–teacher007 / rtpt2026：已提交模块一作业并在互评中，登录后在模块一页面可看到待互评的同伴作业与收到的匿名评语。",
                "  county_yuelu、school_yuelu1 / rtpt2026（课程培训者）：后台“培训管理”查看学员进度、分配互评、转交逾期互评、改判得分。",
                "  editor_hunan / rtpt2026：后台“媒体 › 添加视频”上传 training/demo_media/too_long_16min.mp4（16 分钟），"
                "会被拒绝并显示测得时长；“设置 › 课程与微课设置”可按学段调整时长上限（演示：幼儿园 10 分钟）。",
            ]
        )
    )
