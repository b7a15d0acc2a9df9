"""Portal pages of 课堂切片诊断. Thin: forms parse, ``services`` decide, ``selectors`` say who
sees what. A diagnosis someone may not see is a 404, whatever they try."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from home.consent import may_download, may_watch
from home.models import Role
from home.params import parse_id, parse_ids
from home.people import profile_of
from home.serving import sign_in_redirect
from home.streaming import ranged_file_response
from training.uploads import video_upload_view

from . import flow, selectors, services
from .forms import DiagnosisForm, InviteForm, PracticeForm, ReplyForm, ScheduleForm, SliceForm, TextForm
from .models import Slice, Step
from .services import DiagnosisError


def signed_in(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return sign_in_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper


def _diagnosis(request, diagnosis_id):
    number = parse_id(diagnosis_id)
    diagnosis = selectors.diagnosis_for(request.user, number) if number else None
    if diagnosis is None:
        raise Http404("没有找到这次诊断。")
    return diagnosis


def _member_diagnosis(request, diagnosis_id):
    diagnosis = _diagnosis(request, diagnosis_id)
    if not selectors.is_member(request.user, diagnosis):
        raise Http404("没有找到这次诊断。")
    return diagnosis


def _detail_url(diagnosis) -> str:
    return reverse("diagnosis:detail", args=[diagnosis.pk])


def _back(request, diagnosis, message: str = "") -> HttpResponseRedirect:
    if message:
        messages.success(request, message)
    return HttpResponseRedirect(_detail_url(diagnosis))


def _errors(form) -> str:
    return "；".join(
        f"{form.fields[k].label + '：' if k in form.fields and form.fields[k].label else ''}{e}"
        for k, errs in form.errors.items()
        for e in errs
    )


# --- lists -------------------------------------------------------------------------------
def _rows(diagnoses):
    return [{"d": d, "waiting": flow.waiting_on(d)} for d in diagnoses[:200]]


@signed_in
def mine(request):
    """我的诊断."""
    profile = profile_of(request.user)
    may_start = bool(profile and profile.role == Role.TEACHER and profile.school_id)
    context = {"rows": _rows(selectors.my_diagnoses(user=request.user)), "may_start": may_start, "tab": "mine"}
    return render(request, "diagnosis/list.html", {**context, "heading": "我的诊断"})


@signed_in
def waiting(request):
    """待我参与."""
    rows = _rows(selectors.waiting_for(user=request.user))
    return render(request, "diagnosis/list.html", {"rows": rows, "heading": "待我参与", "tab": "waiting"})


@signed_in
def county(request):
    """区域诊断: every diagnosis of a county trainer's region (a school trainer's school)."""
    diagnoses = selectors.county_list(user=request.user)
    if diagnoses is None:
        raise Http404("只有培训者可以查看区域诊断列表。")
    rows = _rows(diagnoses)
    return render(request, "diagnosis/list.html", {"rows": rows, "heading": "区域诊断", "tab": "county"})


# --- ① start -----------------------------------------------------------------------------
@video_upload_view
@signed_in
def new(request):
    profile = profile_of(request.user)
    if profile is None or profile.role != Role.TEACHER or not profile.school_id:
        raise Http404("只有教师可以申请课堂诊断。")
    initial = {"stage": profile.stage_id, "subject": profile.subjects.first()}
    form = DiagnosisForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            diagnosis = services.diagnosis_create(
                teacher=request.user,
                fields=form.fields_for_service(),
                video=form.cleaned_data["video"],
                design=form.cleaned_data["design"],
                consent=form.consent(),
            )
        except DiagnosisError as error:
            form.add_error(None, str(error))
        else:
            return _back(request, diagnosis, "诊断申请已提交，备课组将开始预诊。")
    status = 400 if request.method == "POST" else 200
    return render(request, "diagnosis/new.html", {"form": form}, status=status)


# --- the page ----------------------------------------------------------------------------
def detail(request, diagnosis_id):
    diagnosis = _diagnosis(request, diagnosis_id)
    user = request.user
    member = selectors.is_member(user, diagnosis)
    slices = list(
        diagnosis.slices.select_related("author__profile", "dimension").prefetch_related("replies__author__profile")
    )
    county = user.is_authenticated and (user.is_superuser or selectors.is_county_trainer(user, diagnosis))
    step = diagnosis.step
    context = {
        "diagnosis": diagnosis,
        "steps": flow.overview(diagnosis),
        "waiting_on": flow.waiting_on(diagnosis),
        "member": member,
        "slices": slices,
        "recordings": _recordings(request, diagnosis, member),
        "design_allowed": diagnosis.design_id is not None and (member or may_download(user, diagnosis.recording)),
        "slice_form": SliceForm() if member and step != Step.DONE else None,
        "may_pre": member and step == Step.PRE_DIAGNOSIS and (selectors.is_school_group(user, diagnosis) or county),
        "may_close_pre": member and step == Step.PRE_DIAGNOSIS and services._may_close_pre(user, diagnosis),
        "may_county": county and step == Step.CONSULTATION,
        "may_invite": county and step != Step.DONE,
        "schedule_form": ScheduleForm(
            initial={
                "when": diagnosis.consultation_at,
                "place": diagnosis.consultation_place,
                "link": diagnosis.consultation_link,
                "hours": diagnosis.consultation_hours,
            }
        ),
        "invite_form": InviteForm(),
        "group": list(selectors.group_members(diagnosis)) if member else [],
        "attended": set(diagnosis.attendance.values_list("user_id", flat=True)),
        "may_solution": member and step == Step.SOLUTION,
        "may_close_solution": step == Step.SOLUTION and (county or selectors.is_school_lead(user, diagnosis)),
        "may_practice": user.is_authenticated and user.pk == diagnosis.teacher_id and step == Step.PRACTICE,
    }
    return render(request, "diagnosis/detail.html", context)


def _recordings(request, diagnosis, member):
    out = []
    for number, media in ((1, diagnosis.recording), (2, diagnosis.second_recording)):
        if media is not None and may_watch(request.user, media, in_group=member):
            label = Slice.Recording(number).label
            out.append(
                {
                    "number": number,
                    "label": label,
                    "media": media,
                    "url": reverse("diagnosis:video", args=[diagnosis.pk, number]),
                }
            )
    return out


def video(request, diagnosis_id, number):
    """A diagnosis recording, with HTTP Range, to those who may watch it."""
    diagnosis = _diagnosis(request, diagnosis_id)
    media = {1: diagnosis.recording, 2: diagnosis.second_recording}.get(parse_id(number))
    member = selectors.is_member(request.user, diagnosis)
    if media is None or not media.file or not may_watch(request.user, media, in_group=member):
        raise Http404("视频不存在。")
    return ranged_file_response(request, file=media.file)


def design(request, diagnosis_id):
    """The 教学设计: to the group; to others only where the recording allows downloads."""
    diagnosis = _diagnosis(request, diagnosis_id)
    document = diagnosis.design
    allowed = selectors.is_member(request.user, diagnosis) or may_download(request.user, diagnosis.recording)
    if document is None or not allowed or not document.file:
        raise Http404("教学设计不存在。")
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.filename)


# --- slices and replies ------------------------------------------------------------------
@require_POST
@signed_in
def slice_add(request, diagnosis_id):
    diagnosis = _member_diagnosis(request, diagnosis_id)
    form = SliceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "切片没有保存：" + _errors(form))
        return _back(request, diagnosis)
    d = form.cleaned_data
    try:
        made = services.slice_add(
            user=request.user,
            diagnosis=diagnosis,
            start=d["start"],
            end=d["end"],
            observation=d["observation"],
            aspect=d.get("aspect") or "",
            dimension=d.get("dimension"),
            recording=d["recording"],
        )
    except DiagnosisError as error:
        messages.error(request, f"切片没有保存：{error}")
        return _back(request, diagnosis)
    return _back(request, diagnosis, f"已添加切片 {made.label}。")


@require_POST
@signed_in
def reply_add(request, diagnosis_id, slice_id):
    diagnosis = _member_diagnosis(request, diagnosis_id)
    target = diagnosis.slices.filter(pk=parse_id(slice_id) or 0).first()
    if target is None:
        raise Http404("切片不存在。")
    form = ReplyForm(request.POST)
    try:
        if not form.is_valid():
            raise DiagnosisError("回复不能为空，且不超过 2000 字。")
        services.reply_add(user=request.user, slice=target, body=form.cleaned_data["body"])
    except DiagnosisError as error:
        messages.error(request, f"回复没有保存：{error}")
        return _back(request, diagnosis)
    return _back(request, diagnosis, "已回复。")


# --- steps ②–④ ----------------------------------------------------------------------------
def _text(request) -> str:
    form = TextForm(request.POST)
    return form.cleaned_data["text"] if form.is_valid() else ""


def _schedule(request, diagnosis):
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        raise DiagnosisError(_errors(form))
    d = form.cleaned_data
    services.consultation_schedule(
        user=request.user, diagnosis=diagnosis, when=d["when"], place=d["place"], link=d["link"], hours=d["hours"]
    )
    return "会诊已安排，诊断组成员已收到通知。"


def _attendance(request, diagnosis):
    notes = services.attendance_record(
        user=request.user, diagnosis=diagnosis, attendee_ids=parse_ids(request.POST.getlist("attended"))
    )
    for note in notes:
        messages.warning(request, note)
    return "出席已记录，出席者的校本研修学分已入账。"


def _invite(request, diagnosis):
    from django.contrib.auth import get_user_model

    form = InviteForm(request.POST)
    invitee = None
    if form.is_valid():
        invitee = (
            get_user_model().objects.filter(username=form.cleaned_data["username"].strip(), is_active=True).first()
        )
    if invitee is None:
        raise DiagnosisError("没有找到这位教师，请检查用户名或工号。")
    services.invite(user=request.user, diagnosis=diagnosis, invitee=invitee)
    return "已邀请，对方会收到通知。"


ACTIONS = {
    "pre-opinion": lambda r, d: (
        services.pre_opinion_save(user=r.user, diagnosis=d, text=_text(r)) or "预诊意见已保存。"
    ),
    "pre-close": lambda r, d: (
        services.pre_diagnosis_close(user=r.user, diagnosis=d) or "预诊已结束，已通知区级研训组。"
    ),
    "schedule": _schedule,
    "attendance": _attendance,
    "invite": _invite,
    "consultation-close": lambda r, d: (
        services.consultation_close(user=r.user, diagnosis=d, notes=_text(r))
        or "会诊已结束，请诊断组形成问题解决方案。"
    ),
    "solution": lambda r, d: services.solution_save(user=r.user, diagnosis=d, text=_text(r)) or "解决方案已保存。",
    "solution-close": lambda r, d: (
        services.solution_close(user=r.user, diagnosis=d) or "解决方案已确认，已通知执教教师实践。"
    ),
}


@require_POST
@signed_in
def step_action(request, diagnosis_id, action):
    diagnosis = _member_diagnosis(request, diagnosis_id)
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404("没有这个操作。")
    try:
        message = handler(request, diagnosis)
    except DiagnosisError as error:
        messages.error(request, str(error))
        return _back(request, diagnosis)
    return _back(request, diagnosis, message)


# --- ⑤ practice --------------------------------------------------------------------------
@video_upload_view
@signed_in
def practice(request, diagnosis_id):
    diagnosis = _member_diagnosis(request, diagnosis_id)
    if request.user.pk != diagnosis.teacher_id or diagnosis.step != Step.PRACTICE:
        raise Http404("现在不能上传改进课。")
    form = PracticeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.practice_submit(
                user=request.user,
                diagnosis=diagnosis,
                video=form.cleaned_data["video"],
                reflection=form.cleaned_data["reflection"],
                consent=form.consent(),
            )
        except DiagnosisError as error:
            form.add_error(None, str(error))
        else:
            return _back(request, diagnosis, "改进课与教学反思已提交，典型案例已送资源库审核。")
    status = 400 if request.method == "POST" else 200
    return render(request, "diagnosis/practice.html", {"form": form, "diagnosis": diagnosis}, status=status)
