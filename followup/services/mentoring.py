"""导师跟踪: guidance notes and follow-up tasks. A mentor acts only on their own assignments; a
teacher completes only their own tasks. Each note and task is announced in the teacher's inbox
(category "course"), each completed task in the mentor's."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from home.params import parse_id
from home.people import display_name
from resources.models import GeneratedResourcePage
from resources.review.services import notify

from ..models import FollowUpTask, GuidanceNote, MentorAssignment, TaskKind
from . import FollowupError

CATEGORY = "course"


def assignment_of_mentor(*, user, assignment_id: int) -> MentorAssignment | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        MentorAssignment.objects.select_related("mentee", "project", "mentor")
        .filter(pk=assignment_id, mentor=user)
        .first()
    )


def _my_space() -> str:
    return reverse("followup:mine")


def note_add(*, mentor, assignment_id: int, body: str) -> GuidanceNote:
    assignment = assignment_of_mentor(user=mentor, assignment_id=assignment_id)
    if assignment is None:
        raise FollowupError("没有找到这位学员。")
    body = (body or "").strip()
    if not body:
        raise FollowupError("请填写指导意见。")
    if len(body) > 2000:
        raise FollowupError("指导意见最多 2000 字。")
    with transaction.atomic():
        note = GuidanceNote.objects.create(assignment=assignment, body=body)
        notify(
            recipients=[assignment.mentee],
            subject=f"导师{display_name(mentor)}给你留了指导意见",
            body=body[:200],
            link=_my_space(),
            category=CATEGORY,
        )
    return note


def task_add(*, mentor, assignment_id: int, title: str, details: str, due_on, kind: str = TaskKind.FOLLOW_UP):
    assignment = assignment_of_mentor(user=mentor, assignment_id=assignment_id)
    if assignment is None:
        raise FollowupError("没有找到这位学员。")
    title = (title or "").strip()
    if not title:
        raise FollowupError("请填写任务名称。")
    if len(title) > 120 or len(details or "") > 2000:
        raise FollowupError("任务名称最多 120 字，要求最多 2000 字。")
    if kind not in TaskKind.values:
        raise FollowupError("请选择任务类型。")
    if isinstance(due_on, str):
        try:
            due_on = datetime.date.fromisoformat(due_on)
        except ValueError:
            due_on = None
    if not isinstance(due_on, datetime.date):
        raise FollowupError("请填写正确的截止日期（如 2026-12-31）。")
    if due_on < timezone.localdate():
        raise FollowupError("截止日期不能早于今天。")
    with transaction.atomic():
        task = FollowUpTask.objects.create(
            assignment=assignment, title=title, details=(details or "").strip(), due_on=due_on, kind=kind
        )
        notify(
            recipients=[assignment.mentee],
            subject=f"导师{display_name(mentor)}布置了{task.get_kind_display()}：{title}",
            body=f"截止日期：{due_on:%Y-%m-%d}",
            link=_my_space(),
            category=CATEGORY,
        )
    return task


def task_complete(*, teacher, task_id: int, note: str, work_id=None) -> FollowUpTask:
    task = (
        FollowUpTask.objects.select_related("assignment__mentor").filter(pk=task_id, assignment__mentee=teacher).first()
        if getattr(teacher, "is_authenticated", False)
        else None
    )
    if task is None:
        raise FollowupError("没有找到这项任务。")
    if task.is_done:
        raise FollowupError("这项任务已经完成了。")
    note = (note or "").strip()
    if not note:
        raise FollowupError("请写一句完成说明。")
    if len(note) > 2000:
        raise FollowupError("完成说明最多 2000 字。")
    work = None
    if work_id not in (None, ""):
        work = GeneratedResourcePage.objects.filter(pk=parse_id(work_id) or 0, author=teacher).first()
        if work is None:
            raise FollowupError("只能关联你自己的作品。")
    with transaction.atomic():
        task.done_at, task.done_note, task.work = timezone.now(), note, work
        task.save(update_fields=["done_at", "done_note", "work"])
        notify(
            recipients=[task.assignment.mentor],
            subject=f"{display_name(teacher)}完成了任务：{task.title}",
            body=note[:200],
            link=reverse("followup:mentee", args=[task.assignment_id]),
            category=CATEGORY,
        )
    return task
