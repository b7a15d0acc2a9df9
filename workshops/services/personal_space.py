"""个人空间 (personal space), write side: journal entries (研修日志), private or shared with the
school community and one of the teacher's workshops, and the yearly personal plan."""

from __future__ import annotations

from django.utils import timezone

from workshops.models.personal_space import JournalEntry, JournalVisibility, PersonalPlan
from workshops.models.workshop import BehaviorAction

from .common import WorkshopError, behavior_record, require_member


def journal_add(*, author, title: str, body: str, visibility: str, workshop=None, at=None):
    """研修日志: private, or shared with the school community and (optionally) one of my workshops."""
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise WorkshopError("请填写日志标题和内容。")
    if visibility not in JournalVisibility.values:
        raise WorkshopError("未知的可见范围。")
    if workshop is not None:
        require_member(workshop=workshop, user=author)
        if visibility == JournalVisibility.PRIVATE:
            raise WorkshopError("分享到工作坊的日志不能设为仅自己可见。")
    entry = JournalEntry.objects.create(
        author=author,
        title=title[:120],
        body=body,
        visibility=visibility,
        workshop=workshop,
        created_at=at or timezone.now(),
    )
    behavior_record(
        user=author, workshop=workshop, action=BehaviorAction.JOURNAL, description=f"撰写日志“{entry.title}”", at=at
    )
    return entry


def personal_plan_save(*, teacher, year: int, goals: str):
    goals = (goals or "").strip()
    if not goals:
        raise WorkshopError("请填写研修目标与安排。")
    plan, _ = PersonalPlan.objects.update_or_create(teacher=teacher, year=year, defaults={"goals": goals})
    behavior_record(user=teacher, action=BehaviorAction.PLANNED, description=f"更新 {year} 年个人研修计划")
    return plan


def notification_email_choose(*, user, on: bool) -> None:
    """Whether the user's messages (站内消息) also come by e-mail."""
    from home.models import TeacherProfile

    TeacherProfile.objects.update_or_create(user=user, defaults={"email_notifications": on})
