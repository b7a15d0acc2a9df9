"""Evaluation results (评价结果) for trainers and editors, and the overall project grade (项目等级).

The ≥ 5 rule: a target's means, count and comments are shown only once it has at least
``MIN_GROUP`` answers (``home.anonymity``); below that every page and export says ``TOO_FEW`` and nothing else
(not even the exact count, which together with the receipts would narrow who answered).

Project grade: the mean of (满意度 + 有效性) / 2 over the project's own evaluation and those of its
courses and workshop activities that have begun, each target that reached 5 answers counting once (a target below
5 does not count). ≥ 4.5 优秀, ≥ 3.5 良好, ≥ 2.5 合格, below 待改进; with no target at 5 answers
the grade is "样本不足".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count
from django.utils import timezone

from home.anonymity import MIN_GROUP
from workshops.models import WorkshopActivity

from .access import evaluated_scope
from .models import EvaluationAnswer, EvaluationBox, TargetKind, TrainingProject

TOO_FEW = f"样本不足 {MIN_GROUP} 份，暂不显示"
GRADES = ((Decimal("4.5"), "优秀"), (Decimal("3.5"), "良好"), (Decimal("2.5"), "合格"))
LOW_GRADE = "待改进"
NO_GRADE = "样本不足"


def _round(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class TargetResult:
    kind: str
    target_id: int
    title: str
    shown: bool = False
    count: int = 0
    satisfaction: Decimal | None = None
    effectiveness: Decimal | None = None
    comments: list[str] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return TargetKind(self.kind).label

    @property
    def overall(self) -> Decimal | None:
        if not self.shown:
            return None
        return _round((self.satisfaction + self.effectiveness) / 2)


def target_result(*, kind: str, target_id: int, title: str) -> TargetResult:
    answers = EvaluationAnswer.objects.filter(box__kind=kind, box__target_id=target_id)
    figures = answers.aggregate(n=Count("pk"), s=Avg("satisfaction"), e=Avg("effectiveness"))
    result = TargetResult(kind=kind, target_id=target_id, title=title)
    if figures["n"] < MIN_GROUP:
        return result
    result.shown = True
    result.count = figures["n"]
    result.satisfaction = _round(figures["s"])
    result.effectiveness = _round(figures["e"])
    # Comments in a stable order that is not the answers' (text order).
    result.comments = sorted(c for c in answers.exclude(comment="").values_list("comment", flat=True))
    return result


def project_targets(project: TrainingProject) -> list[tuple[str, int, str]]:
    targets = [(TargetKind.PROJECT.value, project.pk, project.name)]
    targets += [(TargetKind.COURSE.value, c.pk, c.title) for c in project.courses.order_by("title")]
    # Activities that have begun: one that has not cannot be evaluated yet.
    activities = WorkshopActivity.objects.filter(
        workshop__in=project.workshops.all(), starts_at__lte=timezone.now()
    ).order_by("starts_at", "pk")
    targets += [(TargetKind.ACTIVITY.value, a.pk, a.title) for a in activities]
    return targets


def results_in_scope(user) -> list[TargetResult]:
    """评价结果: every evaluated target ``user`` is responsible for (``access.evaluated_scope``),
    projects first, each under the ≥ 5 rule."""
    scope = evaluated_scope(user)
    boxes: dict[str, set[int]] = {}
    for kind, target_id in EvaluationBox.objects.filter(answers__isnull=False).values_list("kind", "target_id"):
        boxes.setdefault(kind, set()).add(target_id)
    targets = [
        (TargetKind.PROJECT.value, p.pk, p.name)
        for p in scope["projects"].filter(pk__in=boxes.get(TargetKind.PROJECT, ())).order_by("-year", "name")
    ]
    targets += [
        (TargetKind.COURSE.value, c.pk, c.title)
        for c in scope["courses"].filter(pk__in=boxes.get(TargetKind.COURSE, ())).order_by("title")
    ]
    activities = scope["activities"].filter(pk__in=boxes.get(TargetKind.ACTIVITY, ())).select_related("workshop")
    targets += [
        (TargetKind.ACTIVITY.value, a.pk, f"{a.title}（{a.workshop.title}）")
        for a in activities.order_by("-starts_at", "pk")
    ]
    return [target_result(kind=k, target_id=i, title=t) for k, i, t in targets]


def project_results(project: TrainingProject) -> list[TargetResult]:
    return [target_result(kind=k, target_id=i, title=t) for k, i, t in project_targets(project)]


@dataclass
class ProjectGrade:
    project: TrainingProject
    score: Decimal | None
    grade: str
    counted: int  # targets with ≥ 5 answers
    targets: int


def grade_for(score: Decimal | None) -> str:
    if score is None:
        return NO_GRADE
    for bound, label in GRADES:
        if score >= bound:
            return label
    return LOW_GRADE


def project_grade(project: TrainingProject, results: list[TargetResult] | None = None) -> ProjectGrade:
    results = results if results is not None else project_results(project)
    shown = [r.overall for r in results if r.shown]
    score = _round(sum(shown) / len(shown)) if shown else None
    return ProjectGrade(project=project, score=score, grade=grade_for(score), counted=len(shown), targets=len(results))


def result_rows(results: list[TargetResult]) -> list[list]:
    """CSV rows of a project's results: the ≥ 5 rule holds in the export too."""
    rows = [["类型", "名称", "份数", "满意度均分", "有效性均分", "意见与建议"]]
    for r in results:
        if r.shown:
            rows.append([r.kind_label, r.title, r.count, r.satisfaction, r.effectiveness, " | ".join(r.comments)])
        else:
            rows.append([r.kind_label, r.title, TOO_FEW, "", "", ""])
    return rows


def grade_rows(grades: list[ProjectGrade]) -> list[list]:
    rows = [["项目", "年度", "区域", "组织单位", "综合得分", "等级", "计入评价对象", "评价对象总数"]]
    for g in grades:
        p = g.project
        rows.append([p.name, p.year, p.region.name, p.organiser, g.score or "", g.grade, g.counted, g.targets])
    return rows
