"""Rules of the research pillar: recording baseline measurements (other apps call these)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from .models import CapabilityDimension, DimensionScore


@dataclass(frozen=True)
class Measurement:
    """One dimension's score (0–100) for ``scores_replace``; ``dimension`` is a code or an instance."""

    dimension: str | CapabilityDimension
    score: float


def _group_of(teacher_profile) -> dict:
    """The group fields of a teacher's profile (county, school, subject, stage, teacher stage)."""
    if teacher_profile is None:
        return {}
    school = teacher_profile.school
    subject = teacher_profile.subjects.order_by("sort_order", "pk").first()
    return {
        "region": school.region if school else teacher_profile.region,
        "school": school,
        "subject": subject,
        "stage": teacher_profile.stage,
        "teacher_stage": teacher_profile.teacher_stage,
    }


@transaction.atomic
def scores_replace(
    *,
    source: str,
    source_key: str,
    measurements: Iterable[Measurement],
    profile,
    anonymous: bool,
    source_label: str = "",
    measured_on: date | None = None,
) -> list[DimensionScore]:
    """Replace every row of ``source_key`` with ``measurements`` for the teacher of ``profile``.
    Anonymous rows keep the group (county, school, subject, stage, teacher stage) and no teacher;
    the caller must not put anything traceable in ``source_key`` (use a random id)."""
    measurements = list(measurements)
    DimensionScore.objects.filter(source_key=source_key).delete()
    codes = {m.dimension for m in measurements if isinstance(m.dimension, str)}
    by_code = {d.code: d for d in CapabilityDimension.objects.filter(code__in=codes)}
    group = _group_of(profile)
    rows = []
    for m in measurements:
        dimension = by_code.get(m.dimension) if isinstance(m.dimension, str) else m.dimension
        if dimension is None:
            continue
        rows.append(
            DimensionScore(
                dimension=dimension,
                score=max(0.0, min(100.0, float(m.score))),
                teacher=None if anonymous or profile is None else profile.user,
                source=source,
                source_key=source_key,
                source_label=source_label[:200],
                measured_on=measured_on or date.today(),
                **group,
            )
        )
    return DimensionScore.objects.bulk_create(rows)
