"""Front-end views of workshops, personal spaces and community dashboards.

They are reached through the RoutablePageMixin routes of ``WorkshopIndexPage`` and
``WorkshopPage`` (see ``workshops.models.pages``). Every action is POST with CSRF and needs a
login; rules live in ``workshops.services`` and reads in ``workshops.selectors``.
"""

from __future__ import annotations

import datetime
import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from credits import exports
from credits import selectors as credit_selectors
from credits.models import ExportKind
from home.models import Region, School
from home.people import display_name

from . import selectors, services
from .forms import (
    ActivityForm,
    DecisionForm,
    FileForm,
    InviteForm,
    JoinForm,
    JournalForm,
    PersonalPlanForm,
    PhaseFormSet,
    PlanForm,
    ProposalForm,
    PushForm,
    ReplyForm,
    ShareForm,
    SummaryForm,
    ThreadForm,
)
from .models import (
    DiscussionThread,
    JournalEntry,
    JournalVisibility,
    MemberStatus,
    PersonalPlan,
    ProposalStatus,
    ResourcePush,
    WorkshopActivity,
    WorkshopMembership,
    WorkshopPage,
    WorkshopProposal,
)
from .permissions import (
    can_decide_proposals,
    can_see_region,
    can_see_school,
    can_view_material,
    default_region,
    default_school,
    is_host,
    is_member,
)


def _login(request):
    return redirect_to_login(request.get_full_path(), login_url=reverse("wagtailadmin_login"))


def login_required(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _login(request)
        return view(request, *args, **kwargs)

    return wrapper


def post_action(view):
    """POST only, logged in; a WorkshopError becomes an error message and the user goes back."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.is_authenticated:
            return _login(request)
        back = kwargs.get("workshop") or kwargs.get("index")
        try:
            return view(request, *args, **kwargs)
        except services.WorkshopError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(_safe_next(request) or back.url)

    return wrapper


def _safe_next(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


def _back(request, url: str, message: str = ""):
    if message:
        messages.success(request, message)
    return HttpResponseRedirect(_safe_next(request) or url)


def _form_error(form) -> services.WorkshopError:
    errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
    return services.WorkshopError("；".join(errors) or "提交的内容有误。")


def _sub(page, name: str, *args) -> str:
    return page.url + page.reverse_subpage(name, args=args)


# --- workshop page -------------------------------------------------------------------------


def workshop_context(request, *, workshop) -> dict:
    """What the workshop page shows; material only to those who may see it."""
    user = request.user
    member = is_member(workshop=workshop, user=user)
    host = is_host(workshop=workshop, user=user)
    context = {
        "is_member": member,
        "is_host": host,
        "can_view": can_view_material(workshop=workshop, user=user),
        "membership": WorkshopMembership.objects.filter(workshop=workshop, user=user).first()
        if user.is_authenticated
        else None,
        "push_progress": selectors.push_progress(workshop=workshop),
        "member_count": len(selectors.workshop_members(workshop=workshop)),
        "related": [w for w in workshop.related_workshops.live().specific() if w.pk != workshop.pk],
    }
    if context["can_view"]:
        context.update(
            plan=workshop.plans.prefetch_related("phases").first(),
            activities=workshop.activities.all()[:20],
            threads=_threads(workshop),
            pushes=workshop.pushes.select_related("resource", "pushed_by__profile", "shared_from")[:50],
            files=workshop.files.select_related("document")[:50],
            members=selectors.workshop_members(workshop=workshop),
            journals=workshop.journal_entries.filter(visibility=JournalVisibility.SHARED).select_related(
                "author__profile"
            )[:10],
        )
    if member:
        context["my_other_workshops"] = [w for w in selectors.workshops_of_user(user=user) if w.pk != workshop.pk]
        context["signed_up_ids"] = set(workshop.activities.filter(signups__user=user).values_list("pk", flat=True))
    if host:
        context.update(
            pending=workshop.memberships.filter(status=MemberStatus.PENDING).select_related("user__profile__school"),
            plan_form=PlanForm(),
            phase_formset=PhaseFormSet(prefix="phase"),
            activity_form=ActivityForm(),
            invite_form=InviteForm(),
            push_form=PushForm(),
            push_suggestions=_push_suggestions(workshop),
        )
    return context


def _threads(workshop):
    from django.db.models import Count

    return workshop.threads.select_related("author__profile", "shared_from__workshop").annotate(
        reply_count=Count("replies")
    )[:30]


def _push_suggestions(workshop, limit: int = 8):
    from resources.models import GeneratedResourcePage

    pushed = ResourcePush.objects.filter(workshop=workshop).values("resource_id")
    queryset = GeneratedResourcePage.objects.visible_to_public().exclude(pk__in=pushed).for_cards()
    if workshop.subject_id:
        queryset = queryset.filter(subject_id=workshop.subject_id)
    if workshop.stage_id:
        queryset = queryset.filter(stage_id=workshop.stage_id)
    return queryset.order_by("-recommendation_level", "-first_published_at")[:limit]


def _material_or_404(request, workshop) -> None:
    # 404, not 403: a members-only workshop does not even confirm that the item exists.
    if not can_view_material(workshop=workshop, user=request.user):
        raise Http404("内容不存在或仅对工作坊成员开放。")


@post_action
def workshop_join(request, *, workshop):
    form = JoinForm(request.POST)
    form.is_valid()
    membership = services.membership_request(
        workshop=workshop, user=request.user, message=form.cleaned_data.get("message", "")
    )
    if membership.status == MemberStatus.ACTIVE:
        return _back(request, workshop.url, "您已加入该工作坊。")
    return _back(request, workshop.url, "申请已提交，请等待坊主审核。")


MEMBER_ACTIONS = {"approve", "decline", "remove", "co_host", "member"}


@post_action
def membership_action(request, *, workshop, membership_id: int, action: str):
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
    return _back(request, workshop.url, message)


@post_action
def workshop_invite(request, *, workshop):
    form = InviteForm(request.POST)
    if not form.is_valid():
        raise _form_error(form)
    membership = services.membership_invite(
        workshop=workshop, actor=request.user, username=form.cleaned_data["username"]
    )
    return _back(
        request,
        workshop.url,
        f"已邀请 {membership.user.get_username()}，对方接受后成为成员。"
        if membership.status == MemberStatus.INVITED
        else "已批准加入。",
    )


@post_action
def plan_publish(request, *, workshop):
    form = PlanForm(request.POST)
    formset = PhaseFormSet(request.POST, prefix="phase")
    if not form.is_valid():
        raise _form_error(form)
    if not formset.is_valid():
        raise services.WorkshopError("请完整填写至少一个阶段的名称与起止日期。")
    phases = [f.cleaned_data for f in formset.forms if f.cleaned_data and f.cleaned_data.get("name")]
    services.plan_publish(workshop=workshop, actor=request.user, phases=phases, **form.cleaned_data)
    return _back(request, workshop.url, "研修计划已发布。")


@post_action
def activity_add(request, *, workshop):
    form = ActivityForm(request.POST)
    if not form.is_valid():
        raise _form_error(form)
    activity = services.activity_create(workshop=workshop, actor=request.user, **form.cleaned_data)
    return _back(request, _sub(workshop, "activity", activity.pk), "活动已发布。")


def activity_detail(request, *, workshop, activity_id: int):
    _material_or_404(request, workshop)
    activity = get_object_or_404(WorkshopActivity, pk=activity_id, workshop=workshop)
    host = is_host(workshop=workshop, user=request.user)
    signups = activity.signups.select_related("user__profile")
    context = {
        "page": workshop,
        "activity": activity,
        "is_host": host,
        "is_member": is_member(workshop=workshop, user=request.user),
        "signups": signups,
        "signed_up": request.user.is_authenticated and signups.filter(user=request.user).exists(),
        "now": timezone.now(),
    }
    if host:
        attended = set(signups.filter(attended=True).values_list("user_id", flat=True))
        context["attendance"] = [(m, m.user.pk in attended) for m in selectors.workshop_members(workshop=workshop)]
        context["summary_form"] = SummaryForm(initial={"summary": activity.summary})
    return TemplateResponse(request, "workshops/activity.html", context)


@post_action
def activity_signup(request, *, workshop, activity_id: int):
    activity = get_object_or_404(WorkshopActivity, pk=activity_id, workshop=workshop)
    services.activity_signup(activity=activity, user=request.user)
    return _back(request, _sub(workshop, "activity", activity.pk), "报名成功。")


@post_action
def activity_attendance(request, *, workshop, activity_id: int):
    activity = get_object_or_404(WorkshopActivity, pk=activity_id, workshop=workshop)
    ids = [value for value in request.POST.getlist("attended") if value.isdigit()]
    notes = services.activity_mark_attendance(activity=activity, actor=request.user, attended_user_ids=ids)
    for note in notes:
        messages.warning(request, note)
    return _back(request, _sub(workshop, "activity", activity.pk), "出勤已登记，学分已计入。")


@post_action
def activity_summary(request, *, workshop, activity_id: int):
    activity = get_object_or_404(WorkshopActivity, pk=activity_id, workshop=workshop)
    form = SummaryForm(request.POST)
    if not form.is_valid():
        raise _form_error(form)
    services.activity_summarize(activity=activity, actor=request.user, summary=form.cleaned_data["summary"])
    return _back(request, _sub(workshop, "activity", activity.pk), "活动总结已保存。")


@post_action
def thread_add(request, *, workshop):
    form = ThreadForm(request.POST)
    if not form.is_valid():
        raise _form_error(form)
    thread = services.thread_create(workshop=workshop, author=request.user, **form.cleaned_data)
    return _back(request, _sub(workshop, "thread", thread.pk), "研讨已发布。")


def thread_detail(request, *, workshop, thread_id: int):
    _material_or_404(request, workshop)
    thread = get_object_or_404(
        DiscussionThread.objects.select_related("author__profile", "shared_from__workshop"),
        pk=thread_id,
        workshop=workshop,
    )
    member = is_member(workshop=workshop, user=request.user)
    shared_from = thread.shared_from
    source_visible = bool(shared_from and can_view_material(workshop=shared_from.workshop.specific, user=request.user))
    context = {
        "page": workshop,
        "thread": thread,
        "replies": thread.replies.select_related("author__profile"),
        "is_member": member,
        "reply_form": ReplyForm(),
        "shared_from_visible": source_visible,
        "my_other_workshops": [w for w in selectors.workshops_of_user(user=request.user) if w.pk != workshop.pk]
        if member
        else [],
    }
    return TemplateResponse(request, "workshops/thread.html", context)


@post_action
def thread_reply(request, *, workshop, thread_id: int):
    thread = get_object_or_404(DiscussionThread, pk=thread_id, workshop=workshop)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        raise _form_error(form)
    services.thread_reply(thread=thread, author=request.user, body=form.cleaned_data["body"])
    return _back(request, _sub(workshop, "thread", thread.pk), "回复已发布。")


@post_action
def resource_push(request, *, workshop):
    form = PushForm(request.POST)
    if not form.is_valid():
        raise _form_error(form)
    push = services.resource_push(
        workshop=workshop, actor=request.user, resource_id=form.cleaned_data["resource"], note=form.cleaned_data["note"]
    )
    progress = selectors.push_progress(workshop=workshop)
    return _back(request, workshop.url, f"已推送《{push.resource.title}》（{progress.count}/{progress.target}）。")


@post_action
def workshop_share(request, *, workshop):
    form = ShareForm(request.POST)
    if not form.is_valid():
        raise _form_error(form)
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
    return _back(request, workshop.url, f"已分享到“{target.title}”。")


@post_action
def file_add(request, *, workshop):
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        raise _form_error(form)
    services.workshop_file_add(
        workshop=workshop, actor=request.user, title=form.cleaned_data["title"], uploaded_file=form.cleaned_data["file"]
    )
    return _back(request, workshop.url, "文件已上传。")


def _require_host_view(request, workshop):
    if not request.user.is_authenticated:
        return _login(request)
    if not is_host(workshop=workshop, user=request.user):
        raise PermissionDenied("只有坊主或副坊主可以查看监测数据。")
    return None


def monitoring(request, *, workshop):
    denied = _require_host_view(request, workshop)
    if denied:
        return denied
    context = {
        "page": workshop,
        "figures": selectors.member_monitoring(workshop=workshop),
        "weeks": selectors.participation_over_time(workshop=workshop),
        "push_progress": selectors.push_progress(workshop=workshop),
    }
    context["max_actions"] = max([w.actions for w in context["weeks"]] + [1])
    return TemplateResponse(request, "workshops/monitoring.html", context)


def monitoring_csv(request, *, workshop):
    denied = _require_host_view(request, workshop)
    if denied:
        return denied
    figures = selectors.member_monitoring(workshop=workshop)
    rows = selectors.monitoring_rows(figures)
    export = exports.export_record_create(
        kind=ExportKind.MONITORING_CSV,
        created_by=request.user,
        rows=rows,
        workshop=workshop,
        summary={
            "workshop": workshop.title,
            "members": len(rows),
            "pushes": selectors.push_progress(workshop=workshop).count,
        },
    )
    footer = exports.export_footer(export, verify_url=request.build_absolute_uri(_verify_url(export.code)))
    return exports.csv_response(f"workshop-{workshop.pk}-monitoring.csv", selectors.MONITORING_HEADER, rows, footer)


# --- personal space (个人空间) -----------------------------------------------------------------


def _index():
    from .models import WorkshopIndexPage

    return WorkshopIndexPage.objects.live().first()


def _verify_url(code: str) -> str:
    index = _index()
    return f"{_sub(index, 'verify')}?code={code}" if index else ""


@login_required
def personal_space(request, *, index):
    from resources.models import GeneratedResourcePage
    from training.selectors import teacher_courses

    user = request.user
    year = timezone.localdate().year
    my_workshops = selectors.workshops_of_user(user=user)
    context = {
        "page": index,
        "year": year,
        "name": display_name(user),
        "courses": teacher_courses(teacher=user),
        "plan": PersonalPlan.objects.filter(teacher=user, year=year).first(),
        "plan_form": PersonalPlanForm(
            initial={"goals": getattr(PersonalPlan.objects.filter(teacher=user, year=year).first(), "goals", "")}
        ),
        "journals": JournalEntry.objects.filter(author=user).select_related("workshop")[:20],
        "journal_form": JournalForm(),
        "resources": GeneratedResourcePage.objects.filter(author=user)
        .select_related("subject", "stage")
        .order_by("-latest_revision_created_at", "-pk")[:30],
        "workshops": my_workshops,
        "pending": WorkshopMembership.objects.filter(
            user=user, status__in=[MemberStatus.PENDING, MemberStatus.INVITED]
        ).select_related("workshop"),
        "upcoming": selectors.upcoming_activities(workshop_ids=[w.pk for w in my_workshops]),
        "records": user.behavior_records.select_related("workshop")[:30],
        "entries": credit_selectors.credit_entries(teacher=user).reverse()[:50],
        "summaries": credit_selectors.credit_year_summaries(teacher=user),
        "trajectory": credit_selectors.growth_trajectory(teacher=user),
        "proposals": WorkshopProposal.objects.filter(proposer=user)[:5],
    }
    return TemplateResponse(request, "workshops/personal_space.html", context)


@post_action
def personal_plan_save(request, *, index):
    form = PersonalPlanForm(request.POST)
    if not form.is_valid():
        raise _form_error(form)
    services.personal_plan_save(teacher=request.user, year=timezone.localdate().year, goals=form.cleaned_data["goals"])
    return _back(request, _sub(index, "personal_space"), "个人研修计划已保存。")


@post_action
def journal_add(request, *, index):
    form = JournalForm(request.POST)
    if not form.is_valid():
        raise _form_error(form)
    workshop = None
    if form.cleaned_data.get("workshop"):
        workshop = WorkshopPage.objects.filter(pk=form.cleaned_data["workshop"]).first()
        if workshop is None:
            raise services.WorkshopError("工作坊不存在。")
    services.journal_add(
        author=request.user,
        title=form.cleaned_data["title"],
        body=form.cleaned_data["body"],
        visibility=form.cleaned_data["visibility"],
        workshop=workshop,
    )
    return _back(request, _sub(index, "personal_space"), "研修日志已保存。")


@login_required
def credits_csv(request, *, index):
    export = exports.credit_export_create(user=request.user, kind=ExportKind.CREDITS_CSV)
    return exports.credits_csv_response(
        export,
        filename=f"credits-{request.user.get_username()}.csv",
        verify_url=request.build_absolute_uri(_verify_url(export.record.code)),
    )


@login_required
def credit_record_print(request, *, index):
    """学分证明 (printable): a print-optimised page; the browser's "打印 → 另存为 PDF" makes the PDF."""
    export = exports.credit_export_create(user=request.user, kind=ExportKind.CREDITS_PRINT)
    context = {
        "page": index,
        "export": export.record,
        "entries": export.entries,
        "total": export.total,
        "summaries": credit_selectors.credit_year_summaries(teacher=request.user),
        "verify_url": request.build_absolute_uri(_verify_url(export.record.code)),
    }
    return TemplateResponse(request, "workshops/credit_record_print.html", context)


def export_verify(request, *, index):
    """Public: check a verification code (验证码) printed on an export."""
    verification = exports.export_verification(request.GET.get("code") or "")
    context = {
        "page": index,
        "code": verification.code,
        "export": verification.export,
        "unchanged": verification.unchanged,
    }
    return TemplateResponse(request, "workshops/verify.html", context)


# --- community dashboards (学校社区 / 区域社区) ------------------------------------------------


def _month(request) -> tuple[int, int]:
    today = timezone.localdate()
    value = request.GET.get("month", "")
    try:
        parsed = datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return today.year, today.month
    if parsed > today:
        return today.year, today.month
    return parsed.year, parsed.month


@login_required
def school_community(request, *, index):
    school = None
    if request.GET.get("school", "").isdigit():
        school = School.objects.select_related("region").filter(pk=int(request.GET["school"])).first()
    school = school or default_school(user=request.user)
    if school is None:
        raise PermissionDenied("学校社区仅对校级培训者及其上级培训者开放。")
    if not can_see_school(user=request.user, school=school):
        raise PermissionDenied("您无权查看该学校的社区。")
    year, month = _month(request)
    teachers = selectors.school_teachers(school=school)
    figures = selectors.weekly_rule(teachers=teachers, year=year, month=month)
    context = {
        "page": index,
        "school": school,
        "year": year,
        "month": month,
        "figures": figures,
        "meeting": sum(1 for f in figures if f.meets),
        "weeks": figures[0].weeks if figures else [],
        "status_counts": selectors.resource_status_counts(school=school),
        "workshops": selectors.workshops_of_school(school=school),
        "journals": JournalEntry.objects.filter(
            author__profile__school=school, visibility=JournalVisibility.SHARED
        ).select_related("author__profile")[:10],
        "rule": (selectors.WEEKLY_MIN_ACTIVITIES, selectors.MONTHLY_MIN_HOURS),
    }
    return TemplateResponse(request, "workshops/school_community.html", context)


@login_required
def county_community(request, *, index):
    region = None
    if request.GET.get("region"):
        region = Region.objects.filter(path=request.GET["region"].strip("/")).first()
    region = region or default_region(user=request.user)
    if region is None:
        raise PermissionDenied("区域社区仅对县级培训者与编辑开放。")
    if not can_see_region(user=request.user, region=region):
        raise PermissionDenied("您无权查看该区域的社区。")
    year, month = _month(request)
    rows = selectors.county_school_rows(region=region, year=year, month=month)
    context = {
        "page": index,
        "region": region,
        "year": year,
        "month": month,
        "school_rows": rows,
        "workshops": selectors.region_workshops(region=region),
        "trend": selectors.monthly_attendance_trend(region=region),
        "top_teachers": credit_selectors.credit_ranking(region=region, year=year),
        "status_counts": selectors.resource_status_counts(region=region),
        "teachers": sum(r.teachers for r in rows),
        "meeting": sum(r.meeting for r in rows),
    }
    context["trend_max"] = max([t[1] for t in context["trend"]] + [1])
    return TemplateResponse(request, "workshops/county_community.html", context)


# --- self-service workshops (自主创建) ------------------------------------------------------


@login_required
def workshop_propose(request, *, index):
    if request.method == "POST":
        form = ProposalForm(request.POST)
        if form.is_valid():
            try:
                services.workshop_propose(proposer=request.user, **form.cleaned_data)
            except services.WorkshopError as error:
                messages.error(request, str(error))
            else:
                return _back(
                    request, _sub(index, "personal_space"), "申请已提交，编辑审批后工作坊即开通，您将担任坊主。"
                )
    else:
        form = ProposalForm()
    return TemplateResponse(request, "workshops/propose.html", {"page": index, "form": form})


@login_required
def proposal_list(request, *, index):
    if not can_decide_proposals(user=request.user):
        raise PermissionDenied("只有编辑可以审批工作坊创建申请。")
    context = {
        "page": index,
        "pending": WorkshopProposal.objects.filter(status=ProposalStatus.PENDING).select_related(
            "proposer__profile__school", "subject", "stage"
        ),
        "decided": WorkshopProposal.objects.exclude(status=ProposalStatus.PENDING).select_related(
            "proposer", "workshop"
        )[:20],
    }
    return TemplateResponse(request, "workshops/proposals.html", context)


@post_action
def proposal_decide(request, *, index, proposal_id: int):
    proposal = get_object_or_404(WorkshopProposal, pk=proposal_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        raise _form_error(form)
    approve = form.cleaned_data["decision"] == "approve"
    services.workshop_proposal_decide(
        proposal=proposal, editor=request.user, approve=approve, comment=form.cleaned_data["comment"]
    )
    return _back(request, _sub(index, "proposals"), "已批准，工作坊已开通。" if approve else "已退回申请。")
