"""Reads of the showcase that span the library: finding the same lesson designed in several schools."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from resources.models import GeneratedResourcePage, ResourceKind

LESSON_TITLE_RE = re.compile(r"《([^》]{1,40})》")


def lesson_name(title: str) -> str | None:
    """The lesson a resource title names: 《勾股定理》教学设计 → 勾股定理."""
    match = LESSON_TITLE_RE.search(title)
    return match[1].strip() if match else None


@dataclass
class SameLesson:
    """One lesson (课题) of one stage, subject and grade, designed in several schools."""

    name: str
    stage_id: int
    subject_id: int
    grade_id: int | None
    designs: list[GeneratedResourcePage] = field(default_factory=list)

    @property
    def schools(self) -> set[int]:
        return {d.school_id for d in self.designs if d.school_id}

    @property
    def jin_ji(self) -> bool:
        """Designed in both Tianjin and Hebei (津冀同课异构, as in the RTPT training case)."""
        return {"天津市", "河北省"} <= self.provinces

    @property
    def provinces(self) -> set[str]:
        return {d.region.path.split("/")[0] for d in self.designs if d.region_id}


def same_lesson_groups(*, min_schools: int = 2) -> list[SameLesson]:
    """Published teaching designs grouped by lesson, where at least ``min_schools`` schools
    designed it — candidates for 同课异构 cases. 津冀 groups first, then the most schools."""
    designs = (
        GeneratedResourcePage.objects.visible_to_public()
        .filter(kind=ResourceKind.TEACHING_DESIGN, school__isnull=False)
        .select_related("region", "school")
        .order_by("pk")
    )
    groups: dict[tuple, SameLesson] = {}
    for design in designs:
        name = lesson_name(design.title)
        if not name:
            continue
        key = (design.stage_id, design.subject_id, design.grade_id, name)
        groups.setdefault(key, SameLesson(name, design.stage_id, design.subject_id, design.grade_id)).designs.append(
            design
        )
    found = [g for g in groups.values() if len(g.schools) >= min_schools]
    return sorted(found, key=lambda g: (-g.jin_ji, -len(g.schools), -len(g.provinces), g.name))


def companion_resources(*, design: GeneratedResourcePage) -> dict[str, GeneratedResourcePage | None]:
    """The courseware and reflection that go with a teaching design: published works of the
    same school, subject and stage that name the same lesson."""
    name = lesson_name(design.title)
    found: dict[str, GeneratedResourcePage | None] = defaultdict(lambda: None)
    if not name:
        return {"courseware": None, "reflection": None}
    candidates = (
        GeneratedResourcePage.objects.visible_to_public()
        .filter(
            kind__in=[ResourceKind.COURSEWARE, ResourceKind.REFLECTION],
            school_id=design.school_id,
            subject_id=design.subject_id,
            stage_id=design.stage_id,
            title__contains=f"《{name}》",
        )
        .order_by("pk")
    )
    for resource in candidates:
        found.setdefault(resource.kind, resource)
    return {"courseware": found["courseware"], "reflection": found["reflection"]}
