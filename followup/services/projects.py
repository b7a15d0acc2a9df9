"""Training projects (培训项目) and mentor assignments, managed by county trainers and editors of the region."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from home.params import parse_ids
from home.people import people_in_scope_q

from ..access import covers, may_manage
from ..models import MentorAssignment, TrainingProject
from . import FollowupError

_SPLIT = re.compile(r"[\s,，、;；]+")


def people_named(*, actor, text: str) -> list:
    """The users named in ``text`` (usernames separated by spaces, commas, 、 or new lines), each
    one in the actor's scope; an unknown or out-of-scope name is refused by name."""
    names = [n for n in _SPLIT.split(text or "") if n]
    User = get_user_model()
    found = {u.username: u for u in User.objects.filter(people_in_scope_q(actor), username__in=names, is_active=True)}
    missing = [n for n in names if n not in found]
    if missing:
        raise FollowupError("以下用户名不存在或不在你负责的区域内：" + "、".join(missing[:20]))
    return list(dict.fromkeys(found[n] for n in names))


def project_save(
    *,
    actor,
    project: TrainingProject | None,
    name: str,
    year: int,
    region,
    organiser: str,
    description: str,
    courses,
    workshops,
    participants_text: str,
) -> TrainingProject:
    """Create (``project`` None) or change a project; the region must be within the actor's."""
    if project is not None and not may_manage(actor, project):
        raise FollowupError("你不负责这个项目所在的区域。")
    if region is None or not covers(actor, region):
        raise FollowupError("只能在你负责的区域内建立培训项目。")
    participants = people_named(actor=actor, text=participants_text)
    with transaction.atomic():
        if project is None:
            project = TrainingProject(created_by=actor)
        project.name, project.year, project.region = name, year, region
        project.organiser, project.description = organiser, description
        project.save()
        project.courses.set(courses)
        project.workshops.set(workshops)
        project.participants.set(participants)
    return project


def mentor_assign(*, actor, project: TrainingProject, mentor_username: str, mentee_ids, since=None) -> int:
    """Assign a mentor (导师) to participants of the project; returns how many were new."""
    if not may_manage(actor, project):
        raise FollowupError("你不负责这个项目所在的区域。")
    mentors = people_named(actor=actor, text=mentor_username)
    if len(mentors) != 1:
        raise FollowupError("请填写一位导师的用户名。")
    mentor = mentors[0]
    mentees = list(project.participants.filter(pk__in=parse_ids(mentee_ids)))
    if not mentees:
        raise FollowupError("请至少选择一位本项目的参训教师。")
    if any(m.pk == mentor.pk for m in mentees):
        raise FollowupError("导师不能跟踪自己。")
    created = 0
    with transaction.atomic():
        for mentee in mentees:
            _, new = MentorAssignment.objects.get_or_create(
                mentor=mentor,
                mentee=mentee,
                project=project,
                defaults={"since": since or timezone.localdate(), "created_by": actor},
            )
            created += new
    return created
