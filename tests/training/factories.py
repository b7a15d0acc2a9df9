"""Builders for training tests: a course tree with exactly the pages a test asks for."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from wagtailmedia.models import get_media_model

from django.core.files.base import ContentFile
from django.utils import timezone

from home.consent import consent_record
from home.models import HomePage, RecordingAudience, Stage
from training.models import (
    Assignment,
    CourseIndexPage,
    CourseModulePage,
    CoursePage,
    LessonRecordingPage,
    LessonSlice,
    MicroLecturePage,
)

RUBRIC = [
    ("criterion", {"name": "目标", "description": "", "max_points": 10}),
    ("criterion", {"name": "活动", "description": "", "max_points": 10}),
]


def make_video(path: Path, *, seconds: float, size: str = "160x90") -> Path:
    """A real H.264 file made with ffmpeg (tests marked requires_service("ffmpeg"))."""
    subprocess.run(  # noqa: S603
        [
            "ffmpeg",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc=size={size}:rate=5",  # noqa: S607
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:sample_rate=8000",
            "-t",
            str(seconds),
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-b:a",
            "16k",
            str(path),
        ],
        check=True,
    )
    return path


def media(*, title: str = "测试视频", duration: float = 120.0):
    """A media record as the checked upload form leaves it (duration measured)."""
    Media = get_media_model()
    item = Media(title=title, type="video", duration=duration, width=320, height=180)
    demo = Path(__file__).resolve().parents[2] / "training/demo_media/intro.mp4"
    item.file.save("clip.mp4", ContentFile(demo.read_bytes()), save=False)
    item.save()
    return item


def course_index() -> CourseIndexPage:
    index = CourseIndexPage.objects.first()
    if index is None:
        index = CourseIndexPage(title="课程中心", slug="courses")
        HomePage.objects.get().add_child(instance=index)
    return index


def course(*, trainers=(), title: str = "单元整体教学设计", **fields) -> CoursePage:
    page = CoursePage(
        title=title,
        slug=fields.pop("slug", None) or f"course-{CoursePage.objects.count() + 1}",
        summary=fields.pop("summary", "课程简介"),
        **fields,
    )
    course_index().add_child(instance=page)
    if trainers:
        page.trainers.set(trainers)
        page.save()
    return page


def module(
    course_page: CoursePage, *, required: bool = True, online: str = "2", offline: str = "1", **fields
) -> CourseModulePage:
    page = CourseModulePage(
        title=fields.pop("title", "模块"),
        slug=f"module-{CourseModulePage.objects.count() + 1}",
        is_required=required,
        online_hours=Decimal(online),
        offline_hours=Decimal(offline),
        objectives="<p>学习目标</p>",
        **fields,
    )
    course_page.add_child(instance=page)
    return page


QUIZ = [
    (
        "question",
        {
            "kind": "single",
            "prompt": "单元设计先定什么？",
            "answer_true": False,
            "explanation": "目标统领一切。",
            "time_point": 3,
            "options": [{"text": "目标", "correct": True}, {"text": "课件", "correct": False}],
        },
    ),
    (
        "question",
        {
            "kind": "multiple",
            "prompt": "包含哪些要素？",
            "answer_true": False,
            "explanation": "",
            "time_point": None,
            "options": [
                {"text": "目标", "correct": True},
                {"text": "评价", "correct": True},
                {"text": "座位", "correct": False},
            ],
        },
    ),
    (
        "question",
        {
            "kind": "true_false",
            "prompt": "单元教学就是拼课。",
            "answer_true": False,
            "explanation": "不是拼接。",
            "time_point": None,
            "options": [],
        },
    ),
]


def lecture(module_page: CourseModulePage, *, quiz=QUIZ, duration: float = 120.0, **fields) -> MicroLecturePage:
    page = MicroLecturePage(
        title=fields.pop("title", "微课"),
        slug=f"lecture-{MicroLecturePage.objects.count() + 1}",
        video=fields.pop("video", None) or media(duration=duration),
        quiz=quiz,
        **fields,
    )
    module_page.add_child(instance=page)
    return MicroLecturePage.objects.get(pk=page.pk)


def recording(
    module_page: CourseModulePage, *, slices=((0, 5, "导入"), (6, 12, "探究")), public: bool = True
) -> LessonRecordingPage:
    """A lesson recording page; its video carries the guardians' public consent unless
    ``public=False`` (then it has no consent record and stays inside its group: ``home.consent``)."""
    video = media(duration=1800)
    if public:
        consent_record(video, consent_audience=RecordingAudience.PUBLIC, visibility=RecordingAudience.PUBLIC)
    page = LessonRecordingPage(
        title="课堂实录", slug=f"recording-{LessonRecordingPage.objects.count() + 1}", video=video
    )
    page.slices = [
        LessonSlice(title=t, start_seconds=s, end_seconds=e, diagnosis=f"{t}环节诊断意见") for s, e, t in slices
    ]
    module_page.add_child(instance=page)
    return page


def assignment(
    module_page: CourseModulePage, *, peers: int = 3, deadline_in_days: float = 7, review_days: float = 7
) -> Assignment:
    deadline = timezone.now() + timedelta(days=deadline_in_days)
    return Assignment.objects.create(
        module=module_page,
        title="单元设计初稿",
        instructions="<p>提交初稿</p>",
        deadline=deadline,
        review_deadline=deadline + timedelta(days=review_days),
        peers_per_submission=peers,
        rubric=RUBRIC,
    )


def stage(name: str) -> Stage:
    return Stage.objects.get(name=name)


def superuser(username: str = "admin"):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(username, f"{username}@example.cn", "pass12345")


def teacher(username: str, role: str = "teacher"):
    from django.contrib.auth import get_user_model

    from tests.factories import UserFactory

    existing = get_user_model().objects.filter(username=username).first()
    return existing or UserFactory(username=username, role=role)


def watch(teacher, page, *, start=None, interval: float = 15.0):
    """Play ``page``'s whole video as the player does: a beat every ``interval`` seconds of the
    server's time (passed as ``at``, no sleeping), from 0 to the end. Returns the last result."""
    from training.services import watch_beat

    start = start or timezone.now()
    duration = float(page.video.duration)
    position, result = 0.0, None
    while True:
        result = watch_beat(user=teacher, page=page, position=position, at=start + timedelta(seconds=position))
        if position >= duration:
            return result
        position = min(duration, position + interval)
