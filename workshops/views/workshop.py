"""教师工作坊 (workshops): the actions on a workshop — join and invite, membership decisions, plans,
activities (sign-up, attendance, summary), threads and replies, resource pushes, sharing into
another workshop, file uploads. Each is a POST to ``workshops.urls``; the rules are the services'."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404

from home.params import parse_ids
from home.people_import import ImportFileError, read_sheet
from workshops import selectors, services
from workshops.forms import (
    ActivityForm,
    BulkMembersForm,
    FileForm,
    InviteForm,
    JoinForm,
    PhaseFormSet,
    PlanForm,
    PushForm,
    ReplyForm,
    ShareForm,
    SummaryForm,
    ThreadForm,
)
from workshops.http import back
from workshops.models.pages import WorkshopPage
from workshops.models.workshop import DiscussionThread, MemberStatus, WorkshopActivity, WorkshopMembership

from .common import form_error, workshop_action

MEMBER_ACTIONS = {"approve", "decline", "remove", "co_host", "member"}


def _sub(page, name: str, *args) -> str:
    return page.url + page.reverse_subpage(name, args=args)


@workshop_action
def join(request, *, workshop):
    form = JoinForm(request.POST)
    form.is_valid()
    membership = services.membership_request(
        workshop=workshop, user=request.user, message=form.cleaned_data.get("message", "")
    )
    if membership.status == MemberStatus.ACTIVE:
        return back(request, workshop.url, "您已加入该工作坊。")
    return back(request, workshop.url, "申请已提交，请等待坊主审核。")


@workshop_action
def member_action(request, *, workshop, membership_id: int, action: str):
    if action not in MEMBER_ACTIONS:
        raise Http404
    membership = get_object_or_404(WorkshopMembership, pk=membership_id, workshop=workshop)
    if action in ("approve", "decline"):
        services.membership_decide(membership=membership, actor=request.user, approve=action == "approve")
        message = "已批准加入。" if action == "approve" else "已拒绝申请。"
    elif action == "remove":
        services.membership_remove(membership=membership, actor=request.user)
        message = "已移出成员。"
    else:
        services.membership_set_role(membership=membership, actor=request.user, role=action)
        message = "已设为副坊主。" if action == "co_host" else "已设为普通成员。"
    return back(request, workshop.url, message)


@workshop_action
def invite(request, *, workshop):
    form = InviteForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    membership = services.membership_invite(
        workshop=workshop, actor=request.user, username=form.cleaned_data["username"]
    )
    return back(
        request,
        workshop.url,
        f"已邀请 {membership.user.get_username()}，对方接受后成为成员。"
        if membership.status == MemberStatus.INVITED
        else "已批准加入。",
    )


@workshop_action
def members_bulk(request, *, workshop):
    """批量添加成员 from an uploaded list (its 用户名 column) or a whole school."""
    services.require_host(workshop=workshop, user=request.user)  # before reading anyone's file
    form = BulkMembersForm(request.POST, request.FILES)
    if not form.is_valid():
        raise form_error(form)
    upload = form.cleaned_data["file"]
    if upload:
        try:
            rows = read_sheet(data=upload.read(), filename=upload.name, required=("username",))
        except ImportFileError as error:
            raise services.WorkshopError(str(error)) from error
        lines = [(row.line, row.values.get("username", "")) for row in rows]
        result = services.membership_bulk_add(workshop=workshop, actor=request.user, lines=lines)
    else:
        result = services.membership_bulk_add(workshop=workshop, actor=request.user, school=form.cleaned_data["school"])
    if result.problems:
        shown = result.problems[:20]
        more = f"；另有 {len(result.problems) - 20} 行未添加" if len(result.problems) > 20 else ""
        messages.warning(request, "以下行未添加：" + "；".join(shown) + more + "。")
    return back(request, workshop.url, f"已添加 {result.added} 名成员；{result.already} 名原已是成员。")


@workshop_action
def plan(request, *, workshop):
    form = PlanForm(request.POST)
    formset = PhaseFormSet(request.POST, prefix="phase")
    if not form.is_valid():
        raise form_error(form)
    if not formset.is_valid():
        raise services.WorkshopError("请完整填写至少一个阶段的名称与起止日期。")
    phases = [f.cleaned_data for f in formset.forms if f.cleaned_data and f.cleaned_data.get("name")]
    services.plan_publish(workshop=workshop, actor=request.user, phases=phases, **form.cleaned_data)
    return back(request, workshop.url, "研修计划已发布。")


@workshop_action
def activity_add(request, *, workshop):
    form = ActivityForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    activity = services.activity_create(workshop=workshop, actor=request.user, **form.cleaned_data)
    return back(request, _sub(workshop, "activity", activity.pk), "活动已发布。")


@workshop_action
def activity_signup(request, *, workshop, activity_id: int):
    activity = get_object_or_404(WorkshopActivity, pk=activity_id, workshop=workshop)
    services.activity_signup(activity=activity, user=request.user)
    return back(request, _sub(workshop, "activity", activity.pk), "报名成功。")


@workshop_action
def activity_attendance(request, *, workshop, activity_id: int):
    activity = get_object_or_404(WorkshopActivity, pk=activity_id, workshop=workshop)
    ids = parse_ids(request.POST.getlist("attended"))
    notes = services.activity_mark_attendance(activity=activity, actor=request.user, attended_user_ids=ids)
    for note in notes:
        messages.warning(request, note)
    return back(request, _sub(workshop, "activity", activity.pk), "出勤已登记，学分已计入。")


@workshop_action
def activity_summary(request, *, workshop, activity_id: int):
    activity = get_object_or_404(WorkshopActivity, pk=activity_id, workshop=workshop)
    form = SummaryForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    services.activity_summarize(activity=activity, actor=request.user, summary=form.cleaned_data["summary"])
    return back(request, _sub(workshop, "activity", activity.pk), "活动总结已保存。")


@workshop_action
def thread_add(request, *, workshop):
    form = ThreadForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    thread = services.thread_create(workshop=workshop, author=request.user, **form.cleaned_data)
    return back(request, _sub(workshop, "thread", thread.pk), "研讨已发布。")


@workshop_action
def thread_reply(request, *, workshop, thread_id: int):
    thread = get_object_or_404(DiscussionThread, pk=thread_id, workshop=workshop)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    services.thread_reply(thread=thread, author=request.user, body=form.cleaned_data["body"])
    return back(request, _sub(workshop, "thread", thread.pk), "回复已发布。")


@workshop_action
def push(request, *, workshop):
    form = PushForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    pushed = services.resource_push(
        workshop=workshop, actor=request.user, resource_id=form.cleaned_data["resource"], note=form.cleaned_data["note"]
    )
    progress = selectors.push_progress(workshop=workshop)
    return back(request, workshop.url, f"已推送《{pushed.resource.title}》（{progress.count}/{progress.target}）。")


@workshop_action
def share(request, *, workshop):
    form = ShareForm(request.POST)
    if not form.is_valid():
        raise form_error(form)
    target = WorkshopPage.objects.live().filter(pk=form.cleaned_data["target"]).first()
    if target is None:
        raise services.WorkshopError("目标工作坊不存在。")
    if form.cleaned_data.get("thread"):
        thread = get_object_or_404(DiscussionThread, pk=form.cleaned_data["thread"], workshop=workshop)
        services.thread_share(thread=thread, user=request.user, target=target)
    else:
        services.resource_share(
            resource_id=form.cleaned_data["resource"], source=workshop, user=request.user, target=target
        )
    return back(request, workshop.url, f"已分享到“{target.title}”。")


@workshop_action
def file_add(request, *, workshop):
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        raise form_error(form)
    services.workshop_file_add(
        workshop=workshop, actor=request.user, title=form.cleaned_data["title"], uploaded_file=form.cleaned_data["file"]
    )
    return back(request, workshop.url, "文件已上传。")
