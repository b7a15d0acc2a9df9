"""教师工作坊 (workshops), write side: membership (request, invitation, approval, roles), plans
with phases, activities with sign-up, attendance (which earns credits in the credit bank) and a
summary, threads and replies, resource pushes and cross-workshop sharing (跨坊研修), files.

Every function checks the actor's right itself, so a view can never skip a rule, and writes a
behaviour record (行为记录) of what a teacher did.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from wagtail.documents import get_document_model

from credits.models import CreditSource
from credits.services import CreditError, credit_amount_for_hours, credit_entry_remove, credit_record
from home.models import Role
from home.people import display_name
from resources.models import GeneratedResourcePage
from resources.review.services import notify
from workshops.models.choices import JoinPolicy
from workshops.models.workshop import (
    ActivityMode,
    ActivitySignup,
    BehaviorAction,
    DiscussionThread,
    MemberRole,
    MemberStatus,
    PlanPhase,
    ResourcePush,
    ThreadReply,
    WorkshopActivity,
    WorkshopFile,
    WorkshopMembership,
    WorkshopPlan,
)
from workshops.permissions import forget_membership, is_member

from .common import WorkshopError, behavior_record, require_host, require_member


@transaction.atomic
def membership_request(*, workshop, user, message: str = ""):
    """Ask to join (申请加入); an invited teacher joins at once by accepting."""
    if not workshop.live:
        raise WorkshopError("该工作坊尚未开放。")
    if workshop.host_id == user.pk:
        raise WorkshopError("您是该工作坊的坊主。")
    membership = WorkshopMembership.objects.select_for_update().filter(workshop=workshop, user=user).first()
    if membership and membership.status == MemberStatus.ACTIVE:
        raise WorkshopError("您已是该工作坊成员。")
    if membership and membership.status == MemberStatus.PENDING:
        raise WorkshopError("您的申请正在等待坊主审核。")
    if membership and membership.status == MemberStatus.INVITED:
        membership.status = MemberStatus.ACTIVE
        membership.decided_at = timezone.now()
        membership.save(update_fields=["status", "decided_at"])
        behavior_record(
            user=user, workshop=workshop, action=BehaviorAction.JOINED, description=f"接受邀请加入“{workshop.title}”"
        )
        forget_membership(workshop=workshop, user=user)
        return membership
    if workshop.join_policy == JoinPolicy.INVITE:
        raise WorkshopError("该工作坊仅限坊主邀请加入。")
    if membership is None:
        membership = WorkshopMembership(workshop=workshop, user=user)
    membership.status = MemberStatus.PENDING
    membership.message = (message or "").strip()[:200]
    membership.created_at = timezone.now()
    membership.decided_by = None
    membership.decided_at = None
    membership.save()
    forget_membership(workshop=workshop, user=user)
    return membership


@transaction.atomic
def membership_decide(*, membership, actor, approve: bool):
    """坊主审核 a join request."""
    require_host(workshop=membership.workshop, user=actor)
    if membership.status != MemberStatus.PENDING:
        raise WorkshopError("该申请已处理。")
    membership.status = MemberStatus.ACTIVE if approve else MemberStatus.DECLINED
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    if approve:
        behavior_record(
            user=membership.user,
            workshop=membership.workshop,
            action=BehaviorAction.JOINED,
            description=f"加入“{membership.workshop.title}”",
        )
    notify(
        recipients=[membership.user],
        subject=f"加入“{membership.workshop.title}”的申请{'已通过' if approve else '未通过'}",
        body="欢迎参加本坊的研修活动。" if approve else "坊主没有通过您的申请，可以联系坊主了解原因。",
        link=membership.workshop.url or "",
        category="workshop",
    )
    forget_membership(workshop=membership.workshop, user=membership.user)
    return membership


@transaction.atomic
def membership_invite(*, workshop, actor, username: str):
    """坊主邀请: invite a teacher by account name; a pending request is approved at once."""
    require_host(workshop=workshop, user=actor)
    invitee = get_user_model().objects.filter(username=(username or "").strip(), is_active=True).first()
    if invitee is None:
        raise WorkshopError("没有找到该账号。")
    if invitee.pk == workshop.host_id:
        raise WorkshopError("该教师是本坊坊主。")
    membership, created = WorkshopMembership.objects.select_for_update().get_or_create(
        workshop=workshop, user=invitee, defaults={"status": MemberStatus.INVITED}
    )
    if membership.status == MemberStatus.ACTIVE:
        raise WorkshopError("该教师已是成员。")
    if membership.status == MemberStatus.PENDING and not created:
        return membership_decide(membership=membership, actor=actor, approve=True)
    membership.status = MemberStatus.INVITED
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.save()
    notify(
        recipients=[invitee],
        subject=f"{display_name(actor)}邀请您加入“{workshop.title}”",
        body="打开工作坊页面即可接受邀请。",
        link=workshop.url or "",
        category="workshop",
    )
    forget_membership(workshop=workshop, user=invitee)
    return membership


@dataclass
class BulkAddResult:
    """What 批量添加成员 did: how many joined, how many already were members, and the lines
    that named nobody (``第 N 行：…``)."""

    added: int = 0
    already: int = 0
    problems: list[str] = field(default_factory=list)


@transaction.atomic
def membership_bulk_add(*, workshop, actor, lines: list[tuple[int, str]] | None = None, school=None) -> BulkAddResult:
    """批量添加成员: the host adds teachers at once, from the usernames of an uploaded list
    (``lines``: line number and username) or all active teachers of ``school``. They become
    active members straight away (the host chose them; no invitation to accept), whatever an
    earlier request, invitation or removal said. Idempotent: members and the host are counted
    as already there; an unknown or inactive username is reported with its line."""
    require_host(workshop=workshop, user=actor)
    users = get_user_model().objects.filter(is_active=True)
    result = BulkAddResult()
    if school is not None:
        chosen = list(users.filter(profile__school=school, profile__role=Role.TEACHER).order_by("pk"))
    else:
        lines = lines or []
        found = {u.username: u for u in users.filter(username__in={name for _, name in lines if name})}
        chosen = []
        for line, username in lines:
            if username in found:
                chosen.append(found[username])
            elif username:
                result.problems.append(f"第 {line} 行：没有找到账号“{username}”")
            else:
                result.problems.append(f"第 {line} 行：缺少用户名")
    existing = {
        m.user_id: m
        for m in WorkshopMembership.objects.select_for_update().filter(
            workshop=workshop, user_id__in=[u.pk for u in chosen]
        )
    }
    now = timezone.now()
    done = set()
    for user in chosen:
        if user.pk in done:
            continue
        done.add(user.pk)
        membership = existing.get(user.pk)
        if user.pk == workshop.host_id or (membership and membership.status == MemberStatus.ACTIVE):
            result.already += 1
            continue
        membership = membership or WorkshopMembership(workshop=workshop, user=user, created_at=now)
        membership.status = MemberStatus.ACTIVE
        membership.role = MemberRole.MEMBER
        membership.decided_by = actor
        membership.decided_at = now
        membership.save()
        behavior_record(
            user=user, workshop=workshop, action=BehaviorAction.JOINED, description=f"由坊主添加加入“{workshop.title}”"
        )
        forget_membership(workshop=workshop, user=user)
        result.added += 1
    return result


@transaction.atomic
def membership_set_role(*, membership, actor, role: str):
    """Make an active member 副坊主 or back; only the 坊主 (or a superuser) decides."""
    if not (actor.is_superuser or membership.workshop.host_id == actor.pk):
        raise WorkshopError("只有坊主可以设置副坊主。")
    if role not in MemberRole.values:
        raise WorkshopError("未知的成员角色。")
    if membership.status != MemberStatus.ACTIVE:
        raise WorkshopError("只能为正式成员设置角色。")
    membership.role = role
    membership.save(update_fields=["role"])
    forget_membership(workshop=membership.workshop, user=membership.user)
    return membership


@transaction.atomic
def membership_remove(*, membership, actor):
    require_host(workshop=membership.workshop, user=actor)
    if membership.role == MemberRole.CO_HOST and not (actor.is_superuser or membership.workshop.host_id == actor.pk):
        raise WorkshopError("只有坊主可以移出副坊主。")
    membership.status = MemberStatus.REMOVED
    membership.role = MemberRole.MEMBER
    membership.decided_by = actor
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "role", "decided_by", "decided_at"])
    forget_membership(workshop=membership.workshop, user=membership.user)
    return membership


@transaction.atomic
def plan_publish(*, workshop, actor, title: str, description: str, phases: list[dict]):
    """发布研修计划 with phases (name, starts_on, ends_on, tasks), in date order."""
    require_host(workshop=workshop, user=actor)
    title = (title or "").strip()
    if not title:
        raise WorkshopError("请填写计划名称。")
    if not phases:
        raise WorkshopError("研修计划至少需要一个阶段。")
    for phase in phases:
        if phase["ends_on"] < phase["starts_on"]:
            raise WorkshopError(f"阶段“{phase['name']}”的结束日期早于开始日期。")
    plan = WorkshopPlan.objects.create(
        workshop=workshop, title=title[:120], description=description or "", published_by=actor
    )
    for order, phase in enumerate(sorted(phases, key=lambda p: p["starts_on"])):
        PlanPhase.objects.create(
            plan=plan,
            name=phase["name"][:80],
            starts_on=phase["starts_on"],
            ends_on=phase["ends_on"],
            tasks=phase.get("tasks", ""),
            sort_order=order,
        )
    return plan


def activity_create(
    *,
    workshop,
    actor,
    title: str,
    kind: str,
    mode: str,
    starts_at,
    hours,
    place: str = "",
    link: str = "",
    description: str = "",
):
    """组织活动: online activities need a link, offline ones a place."""
    require_host(workshop=workshop, user=actor)
    if mode == ActivityMode.ONLINE and not link:
        raise WorkshopError("线上活动请填写参与链接。")
    if mode == ActivityMode.OFFLINE and not place:
        raise WorkshopError("线下活动请填写地点。")
    if Decimal(str(hours)) <= 0:
        raise WorkshopError("学时必须大于 0。")
    activity = WorkshopActivity.objects.create(
        workshop=workshop,
        title=title,
        kind=kind,
        mode=mode,
        starts_at=starts_at,
        hours=hours,
        place=place,
        link=link,
        description=description,
        created_by=actor,
    )
    when = timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M")
    _tell_members(
        workshop=workshop,
        actor=actor,
        subject=f"“{workshop.title}”新活动：{title}",
        body=f"时间：{when}；{'地点：' + place if place else '线上参加'}。请在活动开始前报名。",
        link=(workshop.url or "") + workshop.reverse_subpage("activity", args=(activity.pk,)),
    )
    return activity


def activity_signup(*, activity, user):
    """报名: members sign up for activities that have not started yet."""
    require_member(workshop=activity.workshop, user=user)
    if activity.starts_at <= timezone.now():
        raise WorkshopError("活动已开始，不能再报名。")
    signup, created = ActivitySignup.objects.get_or_create(activity=activity, user=user)
    if not created:
        raise WorkshopError("您已报名该活动。")
    behavior_record(
        user=user, workshop=activity.workshop, action=BehaviorAction.SIGNED_UP, description=f"报名“{activity.title}”"
    )
    return signup


def activity_credit_source(activity) -> str:
    """A school's own workshop is 校本研修 (capped by the yearly rule); any other is 工作坊研修."""
    return CreditSource.SCHOOL_RESEARCH if activity.workshop.school_id else CreditSource.WORKSHOP


@transaction.atomic
def activity_mark_attendance(*, activity, actor, attended_user_ids, at=None) -> list[str]:
    """登记出勤 for the activity's members: attendance earns credits for the activity's hours
    (once per teacher and activity); taking attendance back removes them again. Returns notes for
    the host, e.g. teachers whose yearly cap is already reached."""
    workshop = activity.workshop
    require_host(workshop=workshop, user=actor)
    if activity.starts_at > timezone.now():
        raise WorkshopError("活动尚未开始，不能登记出勤。")
    attended_user_ids = {int(pk) for pk in attended_user_ids}
    member_ids = set(workshop.memberships.filter(status=MemberStatus.ACTIVE).values_list("user_id", flat=True))
    if workshop.host_id:
        member_ids.add(workshop.host_id)
    if not attended_user_ids <= member_ids | set(activity.signups.values_list("user_id", flat=True)):
        raise WorkshopError("只能为本坊成员登记出勤。")
    source = activity_credit_source(activity)
    amount = credit_amount_for_hours(source=source, hours=activity.hours)
    source_key = f"activity:{activity.pk}"
    notes = []
    now = at or timezone.now()
    earned_on = timezone.localdate(activity.starts_at)
    users = get_user_model().objects.in_bulk(
        attended_user_ids | set(activity.signups.values_list("user_id", flat=True))
    )
    for user_id, user in users.items():
        signup, _ = ActivitySignup.objects.get_or_create(activity=activity, user=user)
        attended = user_id in attended_user_ids
        if signup.attended == attended:
            continue
        signup.attended = attended
        signup.marked_by = actor
        signup.marked_at = now
        signup.save(update_fields=["attended", "marked_by", "marked_at"])
        if attended:
            behavior_record(
                user=user,
                workshop=workshop,
                action=BehaviorAction.ATTENDED,
                description=f"参加“{activity.title}”",
                at=now,
            )
            try:
                credit_record(
                    teacher=user,
                    source=source,
                    amount=amount,
                    hours=activity.hours,
                    description=f"{workshop.title}：{activity.title}",
                    source_key=source_key,
                    earned_on=earned_on,
                    verified_by=actor,
                )
            except CreditError as error:
                notes.append(f"{display_name(user)}：{error}")
        else:
            credit_entry_remove(teacher=user, source_key=source_key)
    return notes


def activity_summarize(*, activity, actor, summary: str):
    """活动总结 after the activity."""
    require_host(workshop=activity.workshop, user=actor)
    summary = (summary or "").strip()
    if not summary:
        raise WorkshopError("请填写活动总结。")
    activity.summary = summary
    activity.summary_by = actor
    activity.summary_at = timezone.now()
    activity.save(update_fields=["summary", "summary_by", "summary_at"])
    return activity


def thread_create(*, workshop, author, title: str, body: str, at=None):
    require_member(workshop=workshop, user=author)
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise WorkshopError("请填写标题和内容。")
    thread = DiscussionThread.objects.create(
        workshop=workshop, title=title[:120], body=body, author=author, created_at=at or timezone.now()
    )
    behavior_record(
        user=author, workshop=workshop, action=BehaviorAction.POSTED, description=f"发起研讨“{thread.title}”", at=at
    )
    return thread


def thread_reply(*, thread, author, body: str, at=None):
    require_member(workshop=thread.workshop, user=author)
    body = (body or "").strip()
    if not body:
        raise WorkshopError("回复内容不能为空。")
    reply = ThreadReply.objects.create(thread=thread, author=author, body=body, created_at=at or timezone.now())
    behavior_record(
        user=author, workshop=thread.workshop, action=BehaviorAction.REPLIED, description=f"回复“{thread.title}”", at=at
    )
    return reply


def _public_resource(resource_id: int):
    resource = GeneratedResourcePage.objects.visible_to_public().filter(pk=resource_id).first()
    if resource is None:
        raise WorkshopError("只能推送资源库中已发布的资源。")
    return resource


def resource_push(*, workshop, actor, resource_id: int, note: str = "", at=None):
    """资源推送: hosts push a published library resource to the workshop, with a note."""
    require_host(workshop=workshop, user=actor)
    resource = _public_resource(resource_id)
    if ResourcePush.objects.filter(workshop=workshop, resource=resource).exists():
        raise WorkshopError("该资源已推送到本坊。")
    push = ResourcePush.objects.create(
        workshop=workshop,
        resource=resource,
        note=(note or "").strip()[:300],
        pushed_by=actor,
        pushed_at=at or timezone.now(),
    )
    behavior_record(
        user=actor, workshop=workshop, action=BehaviorAction.PUSHED, description=f"推送《{resource.title}》", at=at
    )
    _tell_members(
        workshop=workshop,
        actor=actor,
        subject=f"“{workshop.title}”推送资源：《{resource.title}》",
        body=push.note,
        link=resource.url or "",
    )
    return push


def _share_target(*, source, target, user):
    if target.pk == source.pk:
        raise WorkshopError("请选择另一个工作坊。")
    if not is_member(workshop=source, user=user) or not is_member(workshop=target, user=user):
        raise WorkshopError("只能在自己加入的工作坊之间分享。")


@transaction.atomic
def thread_share(*, thread, user, target):
    """跨坊研修: a member shares a thread into another workshop they belong to. Material of a
    members-only workshop never leaves it."""
    source = thread.workshop
    _share_target(source=source, target=target, user=user)
    if source.is_members_only:
        raise WorkshopError("“仅成员可见”工作坊的研讨不能分享到其他工作坊。")
    shared = DiscussionThread.objects.create(
        workshop=target, title=thread.title, body=thread.body, author=user, shared_from=thread
    )
    behavior_record(
        user=user,
        workshop=target,
        action=BehaviorAction.SHARED,
        description=f"从“{source.title}”分享研讨“{thread.title}”",
    )
    return shared


@transaction.atomic
def resource_share(*, resource_id: int, source, user, target, note: str = ""):
    """跨坊研修: a member shares a resource pushed to one of their workshops into another."""
    _share_target(source=source, target=target, user=user)
    resource = _public_resource(resource_id)
    if not ResourcePush.objects.filter(workshop=source, resource=resource).exists():
        raise WorkshopError("该资源不在本坊的推送资源中。")
    if ResourcePush.objects.filter(workshop=target, resource=resource).exists():
        raise WorkshopError("目标工作坊已有该资源。")
    push = ResourcePush.objects.create(
        workshop=target,
        resource=resource,
        pushed_by=user,
        shared_from=source,
        note=(note or "").strip()[:300] or f"由“{source.title}”分享",
    )
    behavior_record(
        user=user,
        workshop=target,
        action=BehaviorAction.SHARED,
        description=f"从“{source.title}”分享《{resource.title}》",
    )
    return push


@transaction.atomic
def workshop_file_add(*, workshop, actor, title: str, uploaded_file):
    """上传工作坊文件 (members). It downloads only for those who may see the workshop's material."""
    require_member(workshop=workshop, user=actor)
    title = (title or "").strip() or uploaded_file.name
    document = get_document_model()(title=title[:255], uploaded_by_user=actor)
    document.file.save(uploaded_file.name, uploaded_file, save=False)
    document.save()
    item = WorkshopFile.objects.create(workshop=workshop, document=document, title=title[:120], uploaded_by=actor)
    behavior_record(user=actor, workshop=workshop, action=BehaviorAction.UPLOADED, description=f"上传“{item.title}”")
    return item


def _tell_members(*, workshop, actor, subject: str, body: str = "", link: str = "") -> None:
    """A workshop event for every active member but the one who caused it."""
    members = (
        get_user_model()
        .objects.filter(workshop_memberships__workshop=workshop, workshop_memberships__status=MemberStatus.ACTIVE)
        .exclude(pk=actor.pk)
    )
    notify(recipients=members, subject=subject, body=body, link=link, category="workshop")
