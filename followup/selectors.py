"""Read side of 跟以固效: the 3个1 completion table, a mentor's view of a mentee, a teacher's follow-up.

The "3个1" (三个一): per participant, the best state of their works of each of three kinds —
单元整体教学案例 (``unit_case``), 主题式校本研修方案 (``research_plan``), 研修总结
(``training_summary``). States come from the work's school review status
(``resources.review.models.ReviewStatus``): 已通过 (approved), 审核中 (in review), 退回修改, 未通过,
草稿 (written, never submitted or withdrawn) and 未提交 (no work of that kind). "Submitted" means
any state past 草稿; "approved" means 已通过.
"""

from __future__ import annotations

from dataclasses import dataclass

from credits.selectors import credit_entries, credit_year_summaries
from home.people import display_name
from resources.models import GeneratedResourcePage, ResourceKind
from resources.review.models import ReviewStatus
from training.selectors import teacher_courses
from workshops.models import PersonalPlan

from .models import FollowUpTask, GuidanceNote, MentorAssignment, TrainingProject

THREE_KINDS = (ResourceKind.UNIT_CASE, ResourceKind.RESEARCH_PLAN, ResourceKind.TRAINING_SUMMARY)
# Best first: a teacher's state for a kind is the best state among their works of that kind.
RANK = [
    ReviewStatus.APPROVED,
    ReviewStatus.IN_REVIEW,
    ReviewStatus.CHANGES_REQUESTED,
    ReviewStatus.REJECTED,
    ReviewStatus.DRAFT,
]
STATE_LABELS = {
    ReviewStatus.APPROVED: "已通过",
    ReviewStatus.IN_REVIEW: "审核中",
    ReviewStatus.CHANGES_REQUESTED: "退回修改",
    ReviewStatus.REJECTED: "未通过",
    ReviewStatus.DRAFT: "草稿",
    None: "未提交",
}


@dataclass
class ThreeCell:
    kind: str
    state: str | None  # a ReviewStatus value or None (no work)
    work: GeneratedResourcePage | None

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def kind_label(self) -> str:
        return ResourceKind(self.kind).label

    @property
    def submitted(self) -> bool:
        return self.state not in (None, ReviewStatus.DRAFT)

    @property
    def approved(self) -> bool:
        return self.state == ReviewStatus.APPROVED


@dataclass
class ThreeRow:
    teacher: object
    name: str
    school: str
    cells: list[ThreeCell]

    @property
    def approved_count(self) -> int:
        return sum(c.approved for c in self.cells)

    @property
    def complete(self) -> bool:
        return self.approved_count == len(self.cells)


def three_cells(*, teacher_ids) -> dict[int, list[ThreeCell]]:
    works = GeneratedResourcePage.objects.filter(author_id__in=teacher_ids, kind__in=THREE_KINDS).only(
        "pk", "title", "kind", "review_status", "author_id", "live", "url_path"
    )
    best: dict[tuple[int, str], GeneratedResourcePage] = {}
    for work in works:
        key = (work.author_id, work.kind)
        current = best.get(key)
        if current is None or RANK.index(work.review_status) < RANK.index(current.review_status):
            best[key] = work
    cells = {}
    for teacher_id in teacher_ids:
        row = []
        for kind in THREE_KINDS:
            work = best.get((teacher_id, kind))
            row.append(ThreeCell(kind=kind, state=work.review_status if work else None, work=work))
        cells[teacher_id] = row
    return cells


def three_table(project: TrainingProject) -> list[ThreeRow]:
    teachers = list(project.participants.select_related("profile__school").order_by("username"))
    cells = three_cells(teacher_ids=[t.pk for t in teachers])
    rows = []
    for t in teachers:
        profile = getattr(t, "profile", None)
        school = profile.school.name if profile is not None and profile.school_id else ""
        rows.append(ThreeRow(teacher=t, name=display_name(t), school=school, cells=cells[t.pk]))
    return rows


def three_summary(rows: list[ThreeRow]) -> dict:
    kinds = [
        {
            "label": ResourceKind(k).label,
            "submitted": sum(r.cells[i].submitted for r in rows),
            "approved": sum(r.cells[i].approved for r in rows),
        }
        for i, k in enumerate(THREE_KINDS)
    ]
    return {"kinds": kinds, "complete": sum(r.complete for r in rows), "total": len(rows)}


def three_csv_rows(rows: list[ThreeRow]) -> list[list]:
    header = ["姓名", "用户名", "学校", *(ResourceKind(k).label for k in THREE_KINDS), "已通过项数", "全部完成"]
    out = [header]
    for r in rows:
        out.append(
            [
                r.name,
                r.teacher.username,
                r.school,
                *(c.label for c in r.cells),
                r.approved_count,
                "是" if r.complete else "否",
            ]
        )
    return out


def mentee_overview(assignment: MentorAssignment) -> dict:
    """What a mentor sees of one mentee (only through an assignment of theirs)."""
    mentee = assignment.mentee
    year = assignment.project.year
    works = (
        GeneratedResourcePage.objects.filter(author=mentee)
        .select_related("subject", "stage")
        .order_by("-latest_revision_created_at", "-pk")[:30]
    )
    summaries = [s for s in credit_year_summaries(teacher=mentee) if s.year in (year, year + 1)]
    return {
        "assignment": assignment,
        "name": display_name(mentee),
        "plans": PersonalPlan.objects.filter(teacher=mentee).order_by("-year")[:2],
        "courses": teacher_courses(teacher=mentee),
        "works": works,
        "summaries": summaries,
        "entries": credit_entries(teacher=mentee).reverse()[:10],
        "practice_works": [w for w in works if w.kind == ResourceKind.PRACTICE_REPORT],
        "three": three_cells(teacher_ids=[mentee.pk])[mentee.pk],
        "notes": assignment.notes.all(),
        "tasks": assignment.tasks.select_related("work"),
    }


def mentees_of(*, mentor) -> list[dict]:
    assignments = (
        MentorAssignment.objects.filter(mentor=mentor)
        .select_related("mentee__profile__school", "project")
        .order_by("project__year", "mentee__username")
    )
    rows = []
    for a in assignments:
        tasks = list(a.tasks.all())
        rows.append(
            {
                "assignment": a,
                "name": display_name(a.mentee),
                "open_tasks": sum(not t.is_done for t in tasks),
                "overdue": sum(t.is_overdue for t in tasks),
                "done_tasks": sum(t.is_done for t in tasks),
                "three": three_cells(teacher_ids=[a.mentee_id])[a.mentee_id],
            }
        )
    return rows


def my_followup(*, user) -> dict:
    """A teacher's 跟踪与评价 page: mentors' notes and tasks, the 3个1 of each project."""
    assignments = MentorAssignment.objects.filter(mentee=user).select_related("mentor", "project")
    projects = list(TrainingProject.objects.filter(participants=user))
    cells = three_cells(teacher_ids=[user.pk])[user.pk]
    return {
        "assignments": [{"assignment": a, "mentor_name": display_name(a.mentor)} for a in assignments],
        "notes": GuidanceNote.objects.filter(assignment__mentee=user).select_related("assignment__mentor")[:30],
        "tasks": FollowUpTask.objects.filter(assignment__mentee=user).select_related("assignment__mentor", "work"),
        "projects": projects,
        "three": cells,
        "my_works": GeneratedResourcePage.objects.filter(author=user).order_by("title").only("pk", "title"),
    }
