"""Demo content of the 同课异构 showcase, called by ``manage.py load_demo`` (``demo_loader`` on
the AppConfig) after regions, schools, users and library resources exist.

Cases are built from what the library already holds: published teaching designs of the same
lesson (课题) in different schools, with their schools' courseware and reflection on that
lesson when there are some. When the library has too few such lessons (a small demo corpus),
the missing designs are imported first, through the same import service as everything else.
Each design gets a recording as long as its lesson, drawn with ffmpeg (``home.lesson_video``;
the tiny committed clips in ``demo_media/`` where ffmpeg is missing). Idempotent: a lesson
that already has a case is left as it is.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from home.consent import consent_of, consent_record, held_by_migration
from home.lesson_video import HEIGHT, WIDTH, demo_lesson_video
from home.lesson_video import available as lesson_video_available
from home.models import Grade, RecordingAudience, Stage, Subject
from resources import demo_corpus
from resources.demo_data import load
from resources.services import resources_import

from .models import CaseDesign, ShowcaseCasePage
from .selectors import SameLesson, companion_resources, same_lesson_groups
from .services import case_create, recording_get_or_create, showcase_index_get_or_create

DEMO_MEDIA = Path(__file__).resolve().parent / "demo_media"
WANTED_CASES = 3
FEATURED_CASES = 2
DESIGNS_PER_CASE = 3  # at most: one per school, each with its own way of teaching (flavour)

# Three ways of teaching the same lesson for each family of subjects (语文 is read aloud and
# annotated, 数学 explored and practised …), the expert's commentary, the lessons to import when
# the library lacks lessons designed in two or more schools: resources/demo_data/showcase.json.
DATA = load("showcase.json")
EXPERTS = [tuple(expert) for expert in DATA["experts"]]
FALLBACK_LESSONS = [
    (f["stage"], f["subject"], f["lesson"], [tuple(t) for t in f["teachers"]]) for f in DATA["fallback_lessons"]
]


def _family(stage: str, subject: str) -> str:
    if stage == "幼儿园":
        return "kg"
    group = "sp" if stage == "特殊教育" else load("subjects.json")["groups"].get(subject, "")
    return DATA["families"].get(group, "default")


def _lesson_text(kind: str, *, stage: str, subject: str, lesson: str, school: str, region: str, author: str, key: str):
    """Summary and body of a demo work about ``lesson``, written like the library's works when the
    lesson is in the textbook table (resources/demo_data/lessons.jsonl), else the showcase's own."""
    row = demo_corpus.find_lesson(stage, subject, lesson)
    if row is not None and region:
        event = {"event": DATA["event"]}  # the reflection tells of the 同课异构 lesson it follows
        text = demo_corpus.compose(kind, row, school=school, region=region, author=author, seed=key, context=event)
        return text["summary"], text["body"]
    companion = DATA["companions"][kind]
    return companion["summary"].format(lesson=lesson), companion["body"].format(lesson=lesson)


def load_demo(*, stdout) -> None:
    index = showcase_index_get_or_create()
    existing = ShowcaseCasePage.objects.descendant_of(index).count()
    groups = _groups_without_case()
    if len(groups) < WANTED_CASES - existing:  # only when cases are still missing: a rerun imports nothing
        _import_fallback_designs()
        groups = _groups_without_case()
    editor = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    _release_held_demo_recordings(index)
    created = []
    for number, group in enumerate(groups[: max(0, WANTED_CASES - existing)]):
        with transaction.atomic():
            created.append(_case_for(group, index=index, number=existing + number, user=editor))
    cases = ShowcaseCasePage.objects.live().descendant_of(index).order_by("path")
    stdout.write(f"同课异构：新建案例 {len(created)} 个，共 {cases.count()} 个（{index.url}）。\n")
    if created and not lesson_video_available():
        stdout.write("  未找到 ffmpeg 或中文字体（fonts-noto-cjk）：课堂实录用 8 秒示例片段代替整节课录像。\n")
    first = cases.first()
    if first is not None:
        stdout.write(
            f"  看看案例页 {first.url} 与并排对比 {first.url}{first.reverse_subpage('compare')}（两段实录可同时播放）。\n"
        )


def _release_held_demo_recordings(index) -> None:
    """Cases loaded before consent existed: their recordings were held back by migration 0013;
    as demo recordings they get the demo's public consent (``_recording``)."""
    designs = CaseDesign.objects.filter(page__in=ShowcaseCasePage.objects.descendant_of(index), recording__isnull=False)
    for design in designs.select_related("recording"):
        if held_by_migration(design.recording):
            _demo_consent(design.recording)


def _demo_consent(media) -> None:
    consent_record(
        media,
        consent_audience=RecordingAudience.PUBLIC,
        visibility=RecordingAudience.PUBLIC,
        note="演示数据：监护人已签署公开授权书",
    )


def _groups_without_case() -> list[SameLesson]:
    taken = set(ShowcaseCasePage.objects.values_list("stage_id", "subject_id", "lesson_title"))
    return [g for g in same_lesson_groups() if (g.stage_id, g.subject_id, g.name) not in taken]


def _import_fallback_designs() -> None:
    records = []
    for stage, subject, lesson, teachers in FALLBACK_LESSONS:
        row = demo_corpus.find_lesson(stage, subject, lesson)
        for n, (region, school, author) in enumerate(teachers, 1):
            key = f"showcase-demo-{stage}-{subject}-{lesson}-{n}"
            summary, body = _lesson_text(
                "teaching_design",
                stage=stage,
                subject=subject,
                lesson=lesson,
                school=school,
                region=region,
                author=author,
                key=key,
            )
            records.append(
                {
                    "external_id": key,
                    "kind": "teaching_design",
                    "title": f"《{lesson}》教学设计（{school}）",
                    "summary": summary,
                    "body": body,
                    "subject": subject,
                    "stage": stage,
                    "grade": row["grade"] if row else "",
                    "region": region,
                    "school": school,
                    "author": author,
                    "tags": ["同课异构"],
                    "published": True,
                }
            )
    resources_import(lines=(json.dumps(r, ensure_ascii=False) for r in records), update_existing=False)


def _import_missing_companions(designs, *, lesson: str) -> None:
    """Give each demo design the courseware and reflection its teacher would have shared."""
    records = []
    for design in designs:
        have = companion_resources(design=design)
        base = {
            "subject": design.subject.name,
            "stage": design.stage.name,
            "grade": design.grade.name if design.grade_id else "",
            "region": design.region.path if design.region_id else "",
            "school": design.school.name,
            "author": design.author_display,
            "tags": ["同课异构"],
            "published": True,
        }
        for kind in ("courseware", "reflection"):
            if have[kind] is not None:
                continue
            key = f"showcase-demo-{design.pk}-{kind}"
            summary, body = _lesson_text(
                kind,
                stage=base["stage"],
                subject=base["subject"],
                lesson=lesson,
                school=base["school"],
                region=base["region"],
                author=base["author"],
                key=key,
            )
            title = DATA["companions"][kind]["title"].format(lesson=lesson, school=design.school.name)
            records.append({**base, "external_id": key, "kind": kind, "title": title, "summary": summary, "body": body})
    if records:
        resources_import(lines=(json.dumps(r, ensure_ascii=False) for r in records), update_existing=False)


def _recording(*, title: str, phases: list[dict], clip: int):
    """The design's recording: as long as its lesson, each phase shown in the picture
    (home.lesson_video), or one of the 8-second committed clips where ffmpeg is missing. Demo
    recordings carry public consent (a case is public: ``home.consent``)."""
    drawn = demo_lesson_video(title=title, phases=[(p["kind"], p["label"], p["minutes"]) for p in phases])
    if drawn is None:
        media = recording_get_or_create(
            title=title, path=DEMO_MEDIA / f"recording-{clip}.mp4", duration=8, width=320, height=180
        )
    else:
        seconds = sum(p["minutes"] for p in phases) * 60
        media = recording_get_or_create(title=title, path=drawn, duration=seconds, width=WIDTH, height=HEIGHT)
    if consent_of(media) is None or held_by_migration(media):
        _demo_consent(media)
    return media


def _case_for(group: SameLesson, *, index, number: int, user) -> ShowcaseCasePage:
    # One design per school, preferring schools of different provinces (跨区域).
    picked, seen_schools, seen_provinces = [], set(), set()
    for prefer_new_province in (True, False):
        for design in group.designs:
            province = design.region.path.split("/")[0] if design.region_id else ""
            if design.school_id in seen_schools or (prefer_new_province and province in seen_provinces):
                continue
            picked.append(design)
            seen_schools.add(design.school_id)
            seen_provinces.add(province)
            if len(picked) == DESIGNS_PER_CASE:
                break
        if len(picked) == DESIGNS_PER_CASE:
            break
    stage, subject = Stage.objects.get(pk=group.stage_id), Subject.objects.get(pk=group.subject_id)
    grade = Grade.objects.filter(pk=group.grade_id).first()
    textbook = demo_corpus.find_lesson(stage.name, subject.name, group.name)
    editions = DATA["textbook_editions"]
    flavours = DATA["flavours"][_family(stage.name, subject.name)]
    minutes_scale = {"幼儿园": 0.75, "小学": 1.0}.get(stage.name, 1.1)
    _import_missing_companions(picked, lesson=group.name)
    designs = []
    for position, resource in enumerate(picked):
        flavour = flavours[position % len(flavours)]
        phases = [
            {"kind": kind, "label": label, "minutes": max(1, round(minutes * minutes_scale))}
            for kind, label, minutes in flavour["phases"]
        ]
        recording = _recording(
            title=f"《{group.name}》课堂实录 · {resource.school.name}", phases=phases, clip=(number + position) % 4 + 1
        )
        designs.append(
            {
                "teaching_design": resource,
                "recording": recording,
                **companion_resources(design=resource),
                "label": flavour["label"],
                "highlight": flavour["highlight"],
                "objectives": flavour["objectives"].format(lesson=group.name),
                "key_activities": flavour["activities"].format(lesson=group.name),
                "time_allocation": phases,
                "assessment": flavour["assessment"],
            }
        )
    teachers = "、".join(d["teaching_design"].author_display or d["teaching_design"].school.name for d in designs)
    labels = "；".join(f"{d['teaching_design'].school.name}的“{d['label']}”" for d in designs)
    expert_name, expert_title = EXPERTS[number % len(EXPERTS)]
    places = "、".join(
        sorted({d["teaching_design"].region.path.split("/")[0] for d in designs if d["teaching_design"].region_id})
    )
    return case_create(
        index=index,
        title=f"同课异构：{stage.name}{subject.name}《{group.name}》",
        lesson={
            "subject": subject,
            "stage": stage,
            "grade": grade,
            "textbook_edition": textbook["edition"] if textbook else editions.get(subject.name, editions["default"]),
            "unit": textbook["unit"] if textbook else "",
            "lesson_title": group.name,
        },
        intro=f"<p>{DATA['intro'].format(places=places, count=len(designs), lesson=group.name)}</p>",
        designs=designs,
        expert={
            "name": expert_name,
            "title": expert_title,
            "commentary": "".join(
                f"<p>{paragraph}</p>" for paragraph in DATA["commentary"][_family(stage.name, subject.name)]
            ).format(
                count="两三四"[len(designs) - 2] if 2 <= len(designs) <= 4 else len(designs),
                teachers=teachers,
                lesson=group.name,
                labels=labels,
            ),
        },
        featured=number < FEATURED_CASES,
        user=user,
    )
