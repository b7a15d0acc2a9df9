"""The five steps on one page (read side): each step's role, due date, state, who closed it,
what it produced, and who the diagnosis is waiting on now."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from home.people import display_name

from . import selectors
from .models import Diagnosis, Step, mmss

ROLES = {
    Step.PROBLEM: "执教教师",
    Step.PRE_DIAGNOSIS: "备课组（本校同学科教师，校级培训者结束预诊）",
    Step.CONSULTATION: "区级研训组（县级培训者安排会诊、记录出席）",
    Step.SOLUTION: "诊断组（县级培训者或校级培训者确认）",
    Step.PRACTICE: "执教教师",
}


@dataclass
class StepView:
    number: int
    label: str
    role: str
    state: str  # "done", "current", "waiting"
    due_on: object = None
    overdue: bool = False
    completed_at: object = None
    completed_by: str = ""
    outputs: list[tuple[str, str]] = field(default_factory=list)


def _outputs(diagnosis: Diagnosis, number: int, slice_counts: dict) -> list[tuple[str, str]]:
    d = diagnosis
    if number == Step.PROBLEM:
        return [("教师提出的问题", d.problem), ("课题", f"{d.subject.name}《{d.lesson_title}》")]
    if number == Step.PRE_DIAGNOSIS:
        return [("切片", f"{slice_counts.get(Step.PRE_DIAGNOSIS, 0)} 个"), ("预诊意见", d.pre_opinion)]
    if number == Step.CONSULTATION:
        out = []
        if d.consultation_at:
            where = d.consultation_place or "线上"
            out.append(("会诊安排", f"{timezone.localtime(d.consultation_at):%Y-%m-%d %H:%M} · {where}"))
        names = [display_name(a.user) for a in d.attendance.select_related("user__profile")]
        if names:
            out.append(("出席", f"{len(names)} 人：" + "、".join(names)))
        out.append(("切片", f"{slice_counts.get(Step.CONSULTATION, 0)} 个"))
        out.append(("会诊意见", d.consultation_notes))
        return out
    if number == Step.SOLUTION:
        return [("问题解决方案", d.solution)]
    out = [("教学反思", d.reflection)]
    if d.second_recording_id:
        out.insert(0, ("改进课", f"{d.second_recording.title}（{mmss(int(d.second_recording.duration or 0))}）"))
    if d.case_page_id:
        out.append(("典型案例", d.case_page.title))
    return out


def overview(diagnosis: Diagnosis) -> list[StepView]:
    records = {r.number: r for r in diagnosis.steps.select_related("completed_by__profile")}
    slice_counts: dict[int, int] = {}
    for s in diagnosis.slices.all():
        slice_counts[s.step] = slice_counts.get(s.step, 0) + 1
    today = timezone.localdate()
    views = []
    for number in range(Step.PROBLEM, Step.DONE):
        record = records.get(number)
        state = "done" if number < diagnosis.step else ("current" if number == diagnosis.step else "waiting")
        view = StepView(number=number, label=Step(number).label, role=ROLES[number], state=state)
        if record is not None:
            view.due_on = record.due_on
            view.completed_at = record.completed_at
            view.completed_by = display_name(record.completed_by) if record.completed_by else ""
            view.overdue = state == "current" and record.due_on is not None and record.due_on < today
        view.outputs = [(k, v) for k, v in _outputs(diagnosis, number, slice_counts) if v] if state != "waiting" else []
        views.append(view)
    return views


def waiting_on(diagnosis: Diagnosis) -> str:
    """Who the diagnosis waits on now, in one sentence."""
    teacher = display_name(diagnosis.teacher)
    if diagnosis.step == Step.PRE_DIAGNOSIS:
        leads = [display_name(u) for u in selectors.group_members(diagnosis) if selectors.is_school_lead(u, diagnosis)]
        lead = "、".join(leads) or "县级培训者"
        return f"等待备课组标注切片、填写预诊意见，由{lead}结束预诊；{teacher}等待预诊结果。"
    if diagnosis.step == Step.CONSULTATION:
        if diagnosis.consultation_at is None:
            return f"等待县级培训者安排区级研训组会诊；{teacher}与备课组等待会诊通知。"
        return f"等待县级培训者记录出席并填写会诊意见；{teacher}等待会诊结论。"
    if diagnosis.step == Step.SOLUTION:
        return f"等待诊断组形成问题解决方案，由县级培训者或校级培训者确认；{teacher}等待方案。"
    if diagnosis.step == Step.PRACTICE:
        return f"等待{teacher}按方案重新执教，上传改进课与教学反思；诊断组等待改进课。"
    if diagnosis.case_page_id and not diagnosis.case_page.live:
        return "诊断已完成；典型案例正在资源库审核中。"
    return "诊断已完成；典型案例已收入资源库。"
