"""Shared by the workshop services (教师工作坊 · 个人空间): the error users are shown, the checks
of who acts, and the behaviour record (行为记录) every action writes."""

from __future__ import annotations

from django.utils import timezone

from workshops.models.workshop import BehaviorRecord
from workshops.permissions import is_host, is_member


class WorkshopError(ValueError):
    """An action on a workshop that is not allowed or not valid; the message is shown to users."""


def require_host(*, workshop, user) -> None:
    if not is_host(workshop=workshop, user=user):
        raise WorkshopError("只有坊主或副坊主可以进行此操作。")


def require_member(*, workshop, user) -> None:
    if not is_member(workshop=workshop, user=user):
        raise WorkshopError("请先加入该工作坊。")


def behavior_record(*, user, action: str, description: str = "", workshop=None, at=None):
    return BehaviorRecord.objects.create(
        user=user, workshop=workshop, action=action, description=description[:200], created_at=at or timezone.now()
    )
