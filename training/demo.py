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

from home.consent import consent_of, consent_record, held_by_migration
from home.lesson_video import HEIGHT, WIDTH, demo_lesson_video
from home.models import HomePage, RecordingAudience, Stage, Subject
from home.people import profile_of
from resources import demo_corpus
from resources.demo_data import load

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
# The texts of the demo courses, lectures, documents and submissions: resources/demo_data/training.json.
TEXT = load("training.json")
RUBRIC = [
    ("criterion", {"name": name, "description": description, "max_points": points})
    for name, description, points in TEXT["rubric"]
]
RICH_FIELDS = {
    "intro",
    "body",
    "objectives",
    "content",
    "cases",
    "online_activities",
    "offline_activities",
    "outcome_requirements",
    "teaching_notes",
}


def _p(text: str) -> str:
    return "".join(f"<p>{line}</p>" for line in text.split("\n"))


def _text(slug: str) -> dict:
    """The page fields of ``slug`` from training.json, rich-text ones as paragraphs, quizzes as blocks."""
    fields = dict(TEXT["pages"][slug])
    for name in RICH_FIELDS & fields.keys():
        fields[name] = _p(fields[name])
    if "quiz" in fields:
        fields["quiz"] = [_question(**question) for question in fields["quiz"]]
    return fields


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


def _stored_media(title: str, source: Path, *, name: str, duration: float, width: int, height: int):
    """The video registered as wagtailmedia Media under ``title``, stored from ``source`` the
    first time (found again by title, so the loader can re-run)."""
    Media = get_media_model()
    media = Media.objects.filter(title=title).first()
    if media is not None:
        return media
    media = Media(title=title, type="video", duration=duration, width=width, height=height)
    with source.open("rb") as handle:
        media.file.save(name, File(handle), save=False)
    media.save()
    return media


def _media(title: str, filename: str):
    """Register a committed demo video (a micro-lecture: no pupil on camera) as wagtailmedia
    Media with its measured duration."""
    probe = json.loads((DEMO_MEDIA / "probe.json").read_text())[filename]
    return _public(_stored_media(title, DEMO_MEDIA / filename, name=f"demo-{filename}", **probe), no_pupils=True)


def _public(media, *, no_pupils: bool = False):
    """Demo videos shown on public pages carry public consent (``home.consent``): a lesson with
    the guardians' signed consent, or a micro-lecture with no pupil on camera."""
    if consent_of(media) is None or held_by_migration(media):
        consent_record(
            media,
            no_pupils=no_pupils,
            consent_audience="" if no_pupils else RecordingAudience.PUBLIC,
            visibility=RecordingAudience.PUBLIC,
            note="演示数据：无学生出镜" if no_pupils else "演示数据：监护人已签署公开授权书",
        )
    return media


def _held_recording(module, *, teacher, trainer):
    """A lesson recording WITHOUT public consent, to show the rule: the guardians agreed to the
    teacher's school only, so the page is a 404 to the public and to other schools, and its
    link is missing from the course outline for them (the school's teachers and the course's
    trainers watch it). In an elective module, so that it never blocks a course's completion."""
    if teacher is None:
        return None
    probe = json.loads((DEMO_MEDIA / "probe.json").read_text())["questioning.mp4"]
    media = _stored_media(
        "《勾股定理》课堂实录（仅本校可见）", DEMO_MEDIA / "questioning.mp4", name="demo-school-only.mp4", **probe
    )
    if media.uploaded_by_user_id is None:
        media.uploaded_by_user = teacher
        media.save(update_fields=["uploaded_by_user"])
    profile = profile_of(teacher)
    consent_record(
        media,
        confirmed_by=teacher,
        consent_audience=RecordingAudience.SCHOOL,
        visibility=RecordingAudience.SCHOOL,
        school=profile.school if profile else None,
        note="监护人同意在本校内观看，不同意公开",
    )
    page = LessonRecordingPage(
        slug="school-only-lesson",
        title="课堂实录：追问的时机（仅本校可见）",
        video=media,
        teacher_name=(profile.display_name if profile else "") or teacher.get_username(),
        summary="学生出镜，监护人只同意在本校范围内观看：校外教师和未登录访客看不到这节课。",
    )
    page.slices = [
        LessonSlice(title="追问的时机", start_seconds=1, end_seconds=5, trainer=trainer, diagnosis="追问紧跟学生回答。")
    ]
    return _add(module, page)


def _lesson_media(title: str):
    """The whole 45-minute lesson the slices are cut from, drawn phase by phase (home.lesson_video),
    and the factor from lesson seconds to recording seconds: 1, or where ffmpeg is missing the
    committed 20-second clip, on which the slices keep their place in proportion."""
    phases = [tuple(phase) for phase in TEXT["lesson_phases"]]
    lesson_seconds = sum(minutes for _, _, minutes in phases) * 60
    drawn = demo_lesson_video(title=title, phases=phases)
    if drawn is None:
        probe = json.loads((DEMO_MEDIA / "probe.json").read_text())["lesson.mp4"]
        media = _stored_media(title, DEMO_MEDIA / "lesson.mp4", name="demo-lesson.mp4", **probe)
    else:
        media = _stored_media(title, drawn, name="demo-lesson.mp4", duration=lesson_seconds, width=WIDTH, height=HEIGHT)
    return media, media.duration / lesson_seconds


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


def _draft(teacher, number: int) -> str:
    """A teacher's first draft of a unit design, about a unit of the subject they teach."""
    profile = getattr(teacher, "profile", None)
    subject = profile.subjects.first() if profile else None
    lessons = [
        row
        for row in demo_corpus.LESSONS
        if subject and profile.stage_id and (row["stage"], row["subject"]) == (profile.stage.name, subject.name)
    ]
    values = dict(TEXT["draft_fallback"])
    if lessons:
        row = lessons[number % len(lessons)]
        name = row["name"].replace("〈", "《").replace("〉", "》")
        unit_name = row["unit"].partition(" ")[2]
        if row["unit"].startswith("Unit"):
            unit = row["unit"]
        elif unit_name:
            unit = f"“{unit_name}”单元"
        elif row["unit"]:
            unit = f"{row['grade']}{row['book']}{row['unit']}"
        else:
            unit = f"“{name}”主题单元"
        values = {"unit": unit, "lesson": f"《{name}》", "focus": row["focus"]}
    return TEXT["drafts"][number % len(TEXT["drafts"])].format(**values)


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
            comment=TEXT["peer_comments"][assignment.title],
        )


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
            CourseIndexPage(slug="courses", **_text("courses")),
        )
    if CoursePage.objects.filter(slug="unit-design").exists():
        # Loaded before consent existed: the demo lesson, held back by migration 0013, gets its consent.
        for recording in LessonRecordingPage.objects.filter(slug="pythagoras-lesson").select_related("video"):
            if recording.video is not None:
                _public(recording.video)
        stdout.write("课程演示数据已存在，保持不变。")
        return

    # --- course 1: the full path a teacher walks ---------------------------------------------
    course = _add(
        index,
        CoursePage(slug="unit-design", subject=math, stage=junior, is_required=True, **_text("unit-design")),
    )
    course.trainers.set(trainers)
    course.save_revision().publish()
    m1 = _add(
        course,
        CourseModulePage(
            slug="module-1",
            is_required=True,
            online_hours=Decimal("2"),
            offline_hours=Decimal("1"),
            **_text("module-1"),
        ),
    )
    intro = _add(
        m1,
        MicroLecturePage(
            slug="what-is-unit-teaching",
            video=_media(TEXT["media"]["intro.mp4"], "intro.mp4"),
            stage=junior,
            **_text("what-is-unit-teaching"),
        ),
    )
    _add(
        m1,
        MicroLecturePage(
            slug="pythagoras-unit",
            video=_media(TEXT["media"]["pythagoras.mp4"], "pythagoras.mp4"),
            stage=junior,
            **_text("pythagoras-unit"),
        ),
    )
    documents = TEXT["documents"]
    lesson_video, slice_scale = _lesson_media(TEXT["media"]["lesson.mp4"])
    _public(lesson_video)
    recording = LessonRecordingPage(
        slug="pythagoras-lesson",
        video=lesson_video,
        teaching_design=_document(**documents["teaching_design"]),
        courseware=_document(**documents["courseware"]),
        **_text("pythagoras-lesson"),
    )
    trainer = trainers[0] if trainers else None
    recording.slices = [
        LessonSlice(
            title=title,
            start_seconds=round(start * slice_scale),
            end_seconds=round(end * slice_scale),
            trainer=trainer,
            diagnosis=diagnosis,
        )
        for title, start, end, diagnosis in TEXT["slices"]
    ]
    _add(m1, recording)
    assignments = TEXT["assignments"]
    a1 = _assignment(
        m1,
        title=assignments["a1"]["title"],
        instructions=_p(assignments["a1"]["instructions"]),
        deadline=now - timedelta(days=2),
        review_deadline=now + timedelta(days=5),
        peers_per_submission=3,
    )
    m2 = _add(
        course,
        CourseModulePage(
            slug="module-2",
            is_required=False,
            online_hours=Decimal("3"),
            offline_hours=Decimal("3"),
            **_text("module-2"),
        ),
    )
    _held_recording(m2, teacher=teachers[0] if teachers else None, trainer=trainers[0] if trainers else None)
    _add(
        m2,
        MicroLecturePage(
            slug="good-questions",
            video=_media(TEXT["media"]["questioning.mp4"], "questioning.mp4"),
            stage=junior,
            **_text("good-questions"),
        ),
    )
    _assignment(
        m2,
        title=assignments["a2"]["title"],
        instructions=_p(assignments["a2"]["instructions"]),
        deadline=now + timedelta(days=10),
        review_deadline=now + timedelta(days=17),
        peers_per_submission=3,
    )
    # Peers who already submitted the first assignment; it is now in peer review.
    for number, teacher in enumerate(teachers[1:7]):
        _submit(a1, teacher, _draft(teacher, number), now - timedelta(days=3))
    services.assignment_allocate(assignment=a1, now=now - timedelta(days=2))
    _review_some(a1, 0.5, now - timedelta(days=1))

    # --- course 2: a finished assignment (final scores, a lapsed reviewer, an override) --------
    course2 = _add(
        index,
        CoursePage(slug="slice-diagnosis", subject=math, stage=junior, is_required=False, **_text("slice-diagnosis")),
    )
    course2.trainers.set(trainers)
    course2.save_revision().publish()
    c2m1 = _add(
        course2,
        CourseModulePage(
            slug="slice-methods",
            is_required=True,
            online_hours=Decimal("1"),
            offline_hours=Decimal("2"),
            **_text("slice-methods"),
        ),
    )
    _add(
        c2m1,
        MicroLecturePage(
            slug="choose-slices",
            video=_media(TEXT["media"]["slices"], "reading.mp4"),
            stage=junior,
            **_text("choose-slices"),
        ),
    )
    a2 = _assignment(
        c2m1,
        title=assignments["a3"]["title"],
        instructions=_p(assignments["a3"]["instructions"]),
        deadline=now - timedelta(days=20),
        review_deadline=now - timedelta(days=6),
        peers_per_submission=2,
    )
    for teacher, text in zip(teachers[1:5], TEXT["diagnoses"], strict=False):
        _submit(a2, teacher, text, now - timedelta(days=21))
    services.assignment_allocate(assignment=a2, now=now - timedelta(days=19))
    _review_some(a2, 0.75, now - timedelta(days=10))
    services.assignment_reallocate_overdue(assignment=a2, now=now - timedelta(days=5))
    _review_some(a2, 1.0, now - timedelta(days=4))
    first = a2.submissions.order_by("pk").first()
    if first is not None and trainer is not None:
        services.submission_override(
            submission=first, trainer=trainer, score=Decimal("27"), comment=TEXT["override_comment"]
        )

    # --- course 3: kindergarten (10-minute limit), too few submissions to peer review --------------
    course3 = _add(
        index,
        CoursePage(slug="kindergarten-micro", stage=kindergarten, is_required=False, **_text("kindergarten-micro")),
    )
    course3.trainers.set(trainers)
    course3.save_revision().publish()
    c3m1 = _add(
        course3,
        CourseModulePage(
            slug="script-and-shooting",
            is_required=True,
            online_hours=Decimal("1"),
            offline_hours=Decimal("1"),
            **_text("script-and-shooting"),
        ),
    )
    _add(
        c3m1,
        MicroLecturePage(
            slug="script-structure",
            video=_media(TEXT["media"]["script"], "reading.mp4"),
            stage=kindergarten,
            **_text("script-structure"),
        ),
    )
    a3 = _assignment(
        c3m1,
        title=assignments["a4"]["title"],
        instructions=_p(assignments["a4"]["instructions"]),
        deadline=now - timedelta(days=1),
        review_deadline=now + timedelta(days=6),
        peers_per_submission=3,
    )
    if teachers[7:8]:
        _submit(a3, teachers[7], TEXT["kindergarten_script"], now - timedelta(days=2))
    services.assignment_allocate(assignment=a3, now=now - timedelta(hours=20))
    stdout.write(
        f"课程演示数据：3 门课程、{MicroLecturePage.objects.count()} 节微课、"
        f"{LessonRecordingPage.objects.count()} 节课堂实录已载入。"
    )
    _ = intro


def _print_guidance(stdout) -> None:
    stdout.write(
        "\n".join(
            [
                "— 课程与微课（/courses/）演示：",
                "  teacher001 / rtpt2026：进入“新课标下的单元整体教学设计”→ 加入课程 → 看完模块一的两节微课并完成即时测评"
                "（第一节第 5 秒会暂停提示作答）→ 学习《勾股定理》课堂实录，点击切片跳转 → 在模块一提交作业（已过截止，记为逾期并分到 3 份同伴作业）"
                "→ 完成 3 份互评 → 自动结业，学时记入学分银行。",
                "  学生出镜授权：模块二的《课堂实录：追问的时机（仅本校可见）》监护人只同意本校观看——未登录或校外教师打开是 404，"
                "课程大纲中也没有它；teacher002（同校）能看到。后台“视频授权”按“未授权公开”筛选可找到它。",
                "  teacher002–teacher007 / rtpt2026：已提交模块一作业并在互评中，登录后在模块一页面可看到待互评的同伴作业与收到的匿名评语。",
                "  county_yuelu、school_yuelu1 / rtpt2026（课程培训者）：后台“培训管理”查看学员进度、分配互评、转交逾期互评、改判得分。",
                "  editor_hunan / rtpt2026：后台“媒体 › 添加视频”上传 training/demo_media/too_long_16min.mp4（16 分钟），"
                "会被拒绝并显示测得时长；“设置 › 课程与微课设置”可按学段调整时长上限（演示：幼儿园 10 分钟）。",
            ]
        )
    )
