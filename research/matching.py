"""Matching (精准施训): for each group (学段 × 学科) in a trainer's scope, its weakest dimensions
and what already covers them — courses, micro-lectures, resources and workshops tagged with the
dimension and meant for the group's stage and subject. A gap nothing covers says so."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count

from home.anonymity import MIN_GROUP
from home.models import Stage, Subject

from .baseline import leaf_dimensions
from .catalogue import KIND_LABELS, Item, catalogue

WEAKEST_PER_GROUP = 3
SHOWN_PER_KIND = 5


@dataclass
class WeakDimension:
    dimension: object
    mean: float
    count: int
    covers: dict[str, list[Item]] = field(default_factory=dict)  # kind label -> items

    @property
    def covered(self) -> bool:
        return any(self.covers.values())

    @property
    def has_course(self) -> bool:
        return bool(self.covers.get(KIND_LABELS["course"]))


@dataclass
class Group:
    stage: Stage
    subject: Subject
    count: int
    weakest: list[WeakDimension]

    @property
    def label(self) -> str:
        return f"{self.stage.name}{self.subject.name}"


def matching(rows) -> list[Group]:
    """Groups of ``rows`` (scoped, filtered ``DimensionScore`` rows) with their weakest
    dimensions (only those with at least ``MIN_GROUP`` measurements) and their coverage."""
    stats = (
        rows.filter(stage__isnull=False, subject__isnull=False)
        .values("stage_id", "subject_id", "dimension_id")
        .annotate(mean=Avg("score"), n=Count("pk"))
        .order_by()
    )
    per_group: dict[tuple[int, int], list[dict]] = {}
    for row in stats:
        per_group.setdefault((row["stage_id"], row["subject_id"]), []).append(row)
    dimensions = {d.pk: d for d in leaf_dimensions()}
    stages = Stage.objects.in_bulk({s for s, _ in per_group})
    subjects = Subject.objects.in_bulk({s for _, s in per_group})
    groups = []
    for (stage_id, subject_id), stat_rows in per_group.items():
        shown = sorted(
            (r for r in stat_rows if r["n"] >= MIN_GROUP and r["dimension_id"] in dimensions),
            key=lambda r: (r["mean"], r["dimension_id"]),
        )
        if not shown:
            continue
        weakest = [
            WeakDimension(dimension=dimensions[r["dimension_id"]], mean=round(r["mean"], 1), count=r["n"])
            for r in shown[:WEAKEST_PER_GROUP]
        ]
        groups.append(
            Group(
                stage=stages[stage_id],
                subject=subjects[subject_id],
                count=max(r["n"] for r in stat_rows),
                weakest=weakest,
            )
        )
    groups.sort(key=lambda g: (g.stage.sort_order, g.subject.sort_order, g.stage.pk, g.subject.pk))
    wanted = {w.dimension.pk for g in groups for w in g.weakest}
    items = catalogue(dimension_ids=wanted) if wanted else []
    for group in groups:
        for weak in group.weakest:
            for label in KIND_LABELS.values():
                weak.covers[label] = []
            for item in items:
                if weak.dimension.pk in item.dimensions and item.fits(
                    stage_id=group.stage.pk, subject_id=group.subject.pk
                ):
                    shelf = weak.covers[item.kind_label]
                    if len(shelf) < SHOWN_PER_KIND:
                        shelf.append(item)
    return groups
