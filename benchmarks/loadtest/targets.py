"""Write what the load test's users act on (``make loadtest`` runs this after ``load_demo``).

    DJANGO_SETTINGS_MODULE=... python benchmarks/loadtest/targets.py OUT.json

Teachers and school trainers are paired by school, so a trainer finds in the review queue the
works that the teachers of their school submit during the run. Courses come with their live
micro-lectures (progress beats go there), and the public side with resource pages and
search words taken from the demo corpus.
"""

from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rtpt_site.settings.production")

import django  # noqa: E402

django.setup()

from home.models import Role, TeacherProfile  # noqa: E402
from resources.models import GeneratedResourcePage  # noqa: E402
from training.models import CoursePage, MicroLecturePage  # noqa: E402

SEARCH_WORDS = ["数学", "勾股定理", "阅读教学", "微课", "单元整体教学", "课堂实录", "反思", "英语 听说",
                "函数", "作文", "实验探究", "古诗", "分数", "识字", "大单元教学"]  # fmt: skip


def main(out: str) -> None:
    random.seed(2026)
    schools: dict[int, dict] = {}
    for profile in TeacherProfile.objects.select_related("user").filter(school__isnull=False, user__is_active=True):
        entry = schools.setdefault(profile.school_id, {"teachers": [], "trainers": []})
        if profile.role == Role.TEACHER:
            entry["teachers"].append(profile.user.username)
        elif profile.role == Role.SCHOOL_TRAINER:
            entry["trainers"].append(profile.user.username)
    pairs = [s for s in schools.values() if s["teachers"] and s["trainers"]]
    courses = []
    for course in CoursePage.objects.live().public():
        lectures = [
            lecture.pk
            for lecture in MicroLecturePage.objects.live().descendant_of(course).specific()
            if getattr(lecture, "video_id", None) or getattr(lecture, "video", None)
        ]
        courses.append({"id": course.pk, "url": course.url, "lectures": lectures})
    pages = list(GeneratedResourcePage.objects.live().public().order_by("?")[:200])
    # A work as a teacher would file it: the stage, grade and subject of a real resource.
    sample = GeneratedResourcePage.objects.live().filter(grade__isnull=False, subject__name="数学").first()
    work = {"kind": "teaching_design", "stage": sample.stage_id, "grade": sample.grade_id, "subject": sample.subject_id}
    data = {
        "schools": pairs,
        "courses": [c for c in courses if c["lectures"]],
        "resources": [p.url for p in pages],
        "search_words": SEARCH_WORDS,
        "work": work,
    }
    Path(out).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    print(
        f"targets: {len(pairs)} schools with teachers and trainers, {len(data['courses'])} courses with videos, "
        f"{len(pages)} resources -> {out}"
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "loadtest-targets.json")
