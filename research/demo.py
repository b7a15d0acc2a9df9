"""Demo content of the research pillar (``ResearchConfig.demo_loader``, run by ``load_demo``):

- 能力标注 on the demo courses, modules, micro-lectures and workshop activities (by the words in
  their titles) and on resource kinds, plus one course on 作业设计 so that the weakest dimension
  has something covering it;
- twenty 岳麓区 初中 teachers (``yuelu_jm01`` …; 数学 and 语文, at two schools) with a baseline
  written through ``scores_replace`` (source keys ``demo-baseline:<username>``, so a second run
  replaces instead of adding), in which 作业设计 is clearly the weakest dimension of 初中数学;
- a few enrolments of those teachers, so that "同学段同学科教师常看" has behaviour to read.

Idempotent: every object is found or created by a stable key.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from home.models import Region, Role, School, Stage, Subject, TeacherProfile, TeacherStage
from resources.demo_corpus import person_name
from training.models import CourseIndexPage, CourseModulePage, CoursePage, Enrolment, MicroLecturePage
from workshops.models import WorkshopActivity

from .models import CapabilityDimension, DimensionTag, ScoreSource
from .services import Measurement, scores_replace

DEMO_PASSWORD = "rtpt2026"  # noqa: S105 - the published demo password (see load_demo)
SEED = 2026
# Words in a title -> the dimension it develops.
TITLE_RULES = [
    ("作业", "homework_design"),
    ("单元", "lesson_design"),
    ("教学设计", "lesson_design"),
    ("提问", "classroom_teaching"),
    ("切片", "classroom_observation"),
    ("课堂观察", "classroom_observation"),
    ("听课", "classroom_observation"),
    ("评价", "assessment"),
    ("微课", "it_application"),
    ("反思", "reflection"),
    ("校本研修", "school_research"),
    ("同课异构", "classroom_teaching"),
]
KIND_RULES = {
    "teaching_design": "lesson_design",
    "unit_case": "lesson_design",
    "research_plan": "school_research",
    "reflection": "reflection",
    "courseware": "it_application",
    "micro_course": "it_application",
    "lesson_recording": "classroom_teaching",
    "practice_report": "reflection",
}
SCHOOL_B = "长沙市岳麓区博雅中学"  # fictional second junior school of 岳麓区
# (username suffix range, school key, subject)
PEOPLE = [(range(1, 9), "a", "数学"), (range(9, 15), "b", "数学"), (range(15, 21), "a", "语文")]
BASE = 74.0
FEATURED = "yuelu_jm01"
WEAK = {("数学", "homework_design"): -20.0, ("数学", "it_application"): -6.0, ("语文", "assessment"): -9.0}


def load_demo(*, stdout) -> None:
    dimensions = {d.code: d for d in CapabilityDimension.objects.filter(parent__isnull=False)}
    if not dimensions:
        stdout.write("研修诊断演示数据：没有能力框架，跳过。")
        return
    course = _homework_course()
    tags = _tag_content(dimensions)
    teachers = _people()
    _baseline(teachers, dimensions)
    _behaviour(teachers, course)
    stdout.write(
        f"研修诊断演示数据：能力标注 {tags} 条，岳麓区初中教师 {len(teachers)} 人的能力基线（作业设计最薄弱）。\n"
        "  能力热力图与精准施训：county_yuelu（/research/heatmap/）；数字画像与推荐：yuelu_jm01（/research/me/）\n"
    )


def _homework_course() -> CoursePage | None:
    """初中数学分层作业设计: covers the demo baseline's weakest dimension."""
    index = CourseIndexPage.objects.first()
    if index is None:
        return None
    course = CoursePage.objects.filter(slug="homework-design").first()
    if course is not None:
        return course
    course = CoursePage(
        title="初中数学分层作业设计",
        slug="homework-design",
        summary="面向初中数学教师：依据课标与学情设计分层、弹性、实践性作业，控制总量、提高质量。",
        subject=Subject.objects.filter(name="数学").first(),
        stage=Stage.objects.filter(name="初中").first(),
        is_required=False,
    )
    index.add_child(instance=course)
    course.save_revision().publish()
    module = CourseModulePage(
        title="模块一：作业的分层与弹性设计",
        slug="homework-layers",
        is_required=True,
        online_hours=Decimal("2"),
        offline_hours=Decimal("1"),
        objectives="<p>能按基础、提高、拓展三个层次设计一个单元的作业，并说明每层的目标与时长。</p>",
        content="<p>作业目标与单元目标的对应；分层作业的三种组织方式；作业总量与时长的测算。</p>",
    )
    course.add_child(instance=module)
    module.save_revision().publish()
    return course


def _tag(dimension, **target) -> bool:
    _, created = DimensionTag.objects.get_or_create(dimension=dimension, **target)
    return created


def _tag_content(dimensions) -> int:
    def codes(title: str) -> set[str]:
        return {code for word, code in TITLE_RULES if word in title}

    for model in (CoursePage, CourseModulePage, MicroLecturePage):
        for page in model.objects.all():
            for code in codes(page.title):
                _tag(dimensions[code], page=page.page_ptr)
    for activity in WorkshopActivity.objects.all():
        for code in codes(activity.title) or {"classroom_observation" if activity.kind == "observation" else ""} - {""}:
            _tag(dimensions[code], activity=activity)
    for kind, code in KIND_RULES.items():
        _tag(dimensions[code], kind=kind)
    return DimensionTag.objects.count()


def _people() -> list[TeacherProfile]:
    yuelu = Region.objects.filter(path="湖南省/长沙市/岳麓区").first()
    junior = Stage.objects.filter(name="初中").first()
    if yuelu is None or junior is None:
        return []
    school_a = School.objects.filter(region=yuelu, stage=junior).order_by("pk").first()
    school_b, _ = School.objects.get_or_create(region=yuelu, name=SCHOOL_B, defaults={"stage": junior})
    schools = {"a": school_a or school_b, "b": school_b}
    stages = list(TeacherStage.objects.order_by("sort_order", "pk")[:3])
    group = Group.objects.get(name=Role.TEACHER.label)
    rng = random.Random(SEED)
    password = make_password(DEMO_PASSWORD)
    profiles = []
    for numbers, school_key, subject_name in PEOPLE:
        subject = Subject.objects.get(name=subject_name)
        for n in numbers:
            name = person_name(rng)
            username = f"yuelu_jm{n:02d}"
            user, created = get_user_model().objects.get_or_create(
                username=username,
                defaults={"first_name": name, "email": f"{username}@demo.rtpt.cn", "password": password},
            )
            user.groups.add(group)
            profile, _ = TeacherProfile.objects.get_or_create(
                user=user,
                defaults={
                    "display_name": name,
                    "role": Role.TEACHER,
                    "school": schools[school_key],
                    "stage": junior,
                    "teacher_stage": stages[n % len(stages)] if stages else None,
                },
            )
            profile.subjects.add(subject)
            profiles.append(profile)
    return profiles


def _baseline(profiles, dimensions) -> None:
    rng = random.Random(SEED)
    for profile in profiles:
        subject = profile.subjects.first().name
        measurements = []
        for code, dimension in dimensions.items():
            mean = BASE + WEAK.get((subject, code), 0.0) + rng.uniform(-4, 4)
            score = round(mean + rng.gauss(0, 6), 1)
            if profile.user.username == FEATURED:
                # The demo teacher: close to the group everywhere, far below it on 作业设计.
                score = 38.5 if code == "homework_design" else round(mean + (score - mean) / 4, 1)
            measurements.append(Measurement(dimension, score))
        scores_replace(
            source=ScoreSource.SURVEY,
            source_key=f"demo-baseline:{profile.user.username}",
            measurements=measurements,
            profile=profile,
            anonymous=False,
            source_label="2026年秋季教师专业能力诊断问卷（演示）",
        )


def _behaviour(profiles, homework_course) -> None:
    """Peers of the demo teacher enrol in the unit-design course; yuelu_jm01 has enrolled in none."""
    unit = CoursePage.objects.filter(slug="unit-design").first() or CoursePage.objects.live().first()
    for profile in profiles[1:6]:
        if unit is not None:
            Enrolment.objects.get_or_create(course=unit, teacher=profile.user)
    for profile in profiles[8:10]:
        if homework_course is not None:
            Enrolment.objects.get_or_create(course=homework_course, teacher=profile.user)
