"""The baseline (能力基线): group means per dimension for the trainers' heat map, and a teacher's
own profile against their group (数字画像) with the gaps (结构洞).

Rules written once here:
- a cell (dimension × school, or dimension × subject) shows its mean only when at least
  ``MIN_GROUP`` measurements stand behind it, otherwise "不足5人" and no value;
- the weakest dimension is the one with the lowest mean over the whole filtered scope, among
  dimensions with at least ``MIN_GROUP`` measurements;
- a teacher's group is their county + stage (学段) + first subject; a gap is a dimension where
  their own mean is at least ``GAP_MARGIN`` points below the group mean (or, while the
  group is too small to show, below ``GAP_FLOOR``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count

from home.anonymity import MIN_GROUP
from home.models import School, Subject, TeacherStage
from home.people import profile_of

from .models import CapabilityDimension, DimensionScore, LevelDescriptor

GAP_FLOOR = 60.0  # without a group to compare with, a score below this is a gap
GAP_MARGIN = 3.0  # a gap is at least this many points below the group mean (not noise)
SCALE_LOW, SCALE_HIGH = 50.0, 90.0  # the heat map's colours run from red (≤ 50) to green (≥ 90)


def colour(value: float | None) -> str:
    """The cell colour of a mean score: red (weak) through yellow to green (strong)."""
    if value is None:
        return "#eeeeee"
    share = min(1.0, max(0.0, (value - SCALE_LOW) / (SCALE_HIGH - SCALE_LOW)))
    return f"hsl({round(share * 120)}, 70%, 72%)"


def leaf_dimensions() -> list[CapabilityDimension]:
    return list(CapabilityDimension.objects.filter(parent__isnull=False).select_related("parent"))


@dataclass
class Cell:
    mean: float | None
    count: int

    @property
    def shown(self) -> bool:
        return self.count >= MIN_GROUP

    @property
    def value(self) -> float | None:
        return round(self.mean, 1) if self.shown and self.mean is not None else None

    @property
    def colour(self) -> str:
        return colour(self.value)


@dataclass
class HeatRow:
    dimension: CapabilityDimension
    cells: list[Cell]
    overall: Cell
    weakest: bool = False


@dataclass
class HeatMap:
    columns: list  # schools or subjects
    rows: list[HeatRow]
    weakest: CapabilityDimension | None
    by: str
    total: int = 0
    scale: list[tuple[int, str]] = field(default_factory=list)


def filtered(rows, *, stage_id: int | None = None, subject_id: int | None = None):
    if stage_id:
        rows = rows.filter(stage_id=stage_id)
    if subject_id:
        rows = rows.filter(subject_id=subject_id)
    return rows


def heat_map(rows, *, by: str = "school") -> HeatMap:
    """Dimension × school (``by="school"``) or dimension × subject over ``rows`` (already scoped
    and filtered): three aggregate queries whatever the number of measurements."""
    column_field = "subject_id" if by == "subject" else "school_id"
    cells = {
        (r["dimension_id"], r[column_field]): Cell(r["mean"], r["n"])
        for r in rows.exclude(**{f"{column_field}__isnull": True})
        .values("dimension_id", column_field)
        .annotate(mean=Avg("score"), n=Count("pk"))
        .order_by()
    }
    overall = {
        r["dimension_id"]: Cell(r["mean"], r["n"])
        for r in rows.values("dimension_id").annotate(mean=Avg("score"), n=Count("pk")).order_by()
    }
    column_ids = sorted({key[1] for key in cells})
    model = Subject if by == "subject" else School
    columns = list(model.objects.filter(pk__in=column_ids).order_by("sort_order" if by == "subject" else "name", "pk"))
    dimensions = [d for d in leaf_dimensions() if d.pk in overall]
    heat_rows = [
        HeatRow(
            dimension=d,
            cells=[cells.get((d.pk, c.pk), Cell(None, 0)) for c in columns],
            overall=overall[d.pk],
        )
        for d in dimensions
    ]
    shown = [row for row in heat_rows if row.overall.shown]
    weakest = min(shown, key=lambda row: row.overall.mean, default=None)
    if weakest is not None:
        weakest.weakest = True
    scale = [(v, colour(v)) for v in range(int(SCALE_LOW), int(SCALE_HIGH) + 1, 10)]
    return HeatMap(
        columns=columns,
        rows=heat_rows,
        weakest=weakest.dimension if weakest else None,
        by=by,
        total=sum(c.count for c in overall.values()),
        scale=scale,
    )


# --- a teacher's own profile (数字画像) ---------------------------------------------------------


@dataclass
class Gap:
    dimension: CapabilityDimension
    own: float
    group: float | None
    now: str = ""  # descriptor at the teacher's stage
    next: str = ""  # descriptor at the next stage
    next_stage: str = ""

    @property
    def difference(self) -> float:
        return round(self.own - (self.group if self.group is not None else GAP_FLOOR), 1)


@dataclass
class Portrait:
    profile: object
    group_label: str
    axes: list[dict]  # {"dimension", "own", "group"}
    gaps: list[Gap]
    group_count: int = 0

    @property
    def has_scores(self) -> bool:
        return any(axis["own"] is not None for axis in self.axes)


def group_rows(profile):
    """Measurements of the teacher's group: same county, stage and (first) subject."""
    from .services import _group_of

    group = _group_of(profile)
    if not group.get("region"):
        return DimensionScore.objects.none(), group
    rows = DimensionScore.objects.filter(region=group["region"])
    if group.get("stage"):
        rows = rows.filter(stage=group["stage"])
    if group.get("subject"):
        rows = rows.filter(subject=group["subject"])
    return rows, group


def group_label(group: dict) -> str:
    parts = [group.get("region"), group.get("stage"), group.get("subject")]
    return "".join(p.name for p in parts if p is not None) + "教师"


def portrait(user) -> Portrait | None:
    """The teacher's own means per dimension against their group's (five queries)."""
    profile = profile_of(user)
    if profile is None:
        return None
    own = {
        r["dimension_id"]: r["mean"]
        for r in DimensionScore.objects.filter(teacher=user)
        .values("dimension_id")
        .annotate(mean=Avg("score"))
        .order_by()
    }
    rows, group = group_rows(profile)
    peers = {
        r["dimension_id"]: (r["mean"], r["n"])
        for r in rows.values("dimension_id").annotate(mean=Avg("score"), n=Count("pk")).order_by()
    }
    axes = []
    gaps = []
    for dimension in leaf_dimensions():
        mine = own.get(dimension.pk)
        mean, n = peers.get(dimension.pk, (None, 0))
        shown_group = round(mean, 1) if mean is not None and n >= MIN_GROUP else None
        if mine is None and shown_group is None:
            continue
        axes.append({"dimension": dimension, "own": round(mine, 1) if mine is not None else None, "group": shown_group})
        if mine is not None and mine < (shown_group - GAP_MARGIN if shown_group is not None else GAP_FLOOR):
            gaps.append(Gap(dimension=dimension, own=round(mine, 1), group=shown_group))
    gaps.sort(key=lambda gap: gap.difference)
    _describe(gaps, profile.teacher_stage)
    return Portrait(
        profile=profile,
        group_label=group_label(group),
        axes=axes,
        gaps=gaps,
        group_count=max((n for _, n in peers.values()), default=0),
    )


def _describe(gaps: list[Gap], teacher_stage) -> None:
    """Fill each gap's descriptors at the teacher's stage and the next one (one query)."""
    if not gaps:
        return
    stages = list(TeacherStage.objects.order_by("sort_order", "pk"))
    current = teacher_stage or (stages[0] if stages else None)
    following = None
    if current is not None:
        later = [s for s in stages if (s.sort_order, s.pk) > (current.sort_order, current.pk)]
        following = later[0] if later else None
    wanted = [s.pk for s in (current, following) if s is not None]
    texts = {
        (d.dimension_id, d.teacher_stage_id): d.text
        for d in LevelDescriptor.objects.filter(dimension__in=[g.dimension for g in gaps], teacher_stage_id__in=wanted)
    }
    for gap in gaps:
        if current is not None:
            gap.now = texts.get((gap.dimension.pk, current.pk), "")
        if following is not None:
            gap.next = texts.get((gap.dimension.pk, following.pk), "")
            gap.next_stage = following.name
