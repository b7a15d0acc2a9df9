"""同课异构 from practice to showcase: each participating teacher hands in their design,
recording, time allocation and reflection for a 同课异构 activity; after the activity a host
turns the entries into a showcase case (a draft awaiting the editors' 专家点评 and publication).

Rules, and why:

- Who hands in: the activity's signed-up teachers, and its hosts (a 坊主 often teaches one of
  the lessons too). One entry per teacher; handing in again replaces it. Once the activity has
  its case, entries are frozen: the case holds what the editors are reviewing.
- The teaching design is one of the teacher's own library works (教学设计 or 单元整体教学案例),
  chosen from 我的作品, where a new one is shared through the usual flow. A draft may be chosen:
  the case shows a design only once the library has published it (``ShowcaseCasePage.get_designs``),
  so nothing unreviewed ever becomes public through the case.
- The recording is checked like every video upload (content by its bytes, size while it streams
  in, real duration with ffprobe), with the lesson-recording cap ``RECORDING_MAX_MINUTES``
  instead of the micro-lecture one; a refused file writes nothing.
- The time allocation (教学环节 with minutes) is entered once here and becomes the design's phase
  bars in the case.
- The case: one POST by a host after the activity has started, at least two entries with a
  design and a time allocation. Made through ``showcase.services.case_create`` with
  ``publish=False``; the activity remembers it (``showcase_case``), so doing it again returns the
  same case. The region's editors get a message with the admin link to add 专家点评 and publish.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from home.consent import consent_record
from home.models import Role
from home.people import display_name, profile_of, region_covers
from resources.models import GeneratedResourcePage
from resources.review.services import notify
from showcase.blocks import MAX_LESSON_MINUTES, PHASE_KINDS
from showcase.models import MIN_COMPARED, ShowcaseCasePage
from showcase.selectors import lesson_name
from showcase.services import case_create, showcase_index_get_or_create
from training.forms import probe_here
from training.models import format_duration
from training.services import UploadRejected, media_check_upload, media_store
from workshops.models.same_lesson import SameLessonEntry
from workshops.models.workshop import ActivityKind, WorkshopActivity
from workshops.selectors.same_lesson import design_choices, may_hand_in

from .common import WorkshopError, require_host

RECORDING_MAX_MINUTES = 60  # a whole lesson (40–45 minutes) with its start and end
PHASE_LABELS = dict(PHASE_KINDS)


@dataclass
class EntryFields:
    """What a teacher hands in (the form's cleaned values)."""

    teaching_design_id: int | None
    objectives: str
    key_activities: str
    assessment: str
    reflection: str
    phases: list[dict]  # {"kind", "label", "minutes"}


def phases_clean(phases: list[dict]) -> list[dict]:
    """The time allocation as the showcase stores it; a Chinese error for anything unusable."""
    cleaned = []
    for number, phase in enumerate(phases, 1):
        kind = phase.get("kind")
        if kind not in PHASE_LABELS:
            raise WorkshopError(f"第 {number} 个教学环节的类型不正确。")
        try:
            minutes = int(phase.get("minutes"))
        except (TypeError, ValueError):
            raise WorkshopError(f"第 {number} 个教学环节请填写时长（分钟）。") from None
        if not 1 <= minutes <= MAX_LESSON_MINUTES:
            raise WorkshopError(f"第 {number} 个教学环节的时长应在 1–{MAX_LESSON_MINUTES} 分钟之间。")
        cleaned.append({"kind": kind, "label": (phase.get("label") or "").strip()[:30], "minutes": minutes})
    if not cleaned:
        raise WorkshopError("请至少填写一个教学环节及其时长。")
    total = sum(p["minutes"] for p in cleaned)
    if total > MAX_LESSON_MINUTES:
        raise WorkshopError(f"各环节合计 {total} 分钟，超过了 {MAX_LESSON_MINUTES} 分钟。")
    return cleaned


def recording_check(*, video: UploadedFile):
    """Check a lesson recording before anything is written; returns ffprobe's measure."""
    try:
        measured = media_check_upload(uploaded=video, media_type="video", limit_seconds=None, probe=probe_here)
    except UploadRejected as error:
        raise WorkshopError(f"课堂实录“{video.name}”：{error}") from error
    if measured.duration > RECORDING_MAX_MINUTES * 60:
        raise WorkshopError(
            f"课堂实录“{video.name}”时长为 {format_duration(measured.duration)}，"
            f"超过课堂实录上限 {RECORDING_MAX_MINUTES} 分钟，已拒绝。请剪辑后再上传。"
        )
    return measured


def same_lesson_entry_save(
    *,
    activity: WorkshopActivity,
    user,
    fields: EntryFields,
    video: UploadedFile | None = None,
    consent: dict | None = None,
) -> SameLessonEntry:
    """Hand in (or replace) the user's entry for a 同课异构 activity. Everything is checked
    before anything is written; the recording is kept only when the whole entry is saved.
    ``consent`` (学生出镜授权, ``home.consent_forms``) is recorded for the recording, confirmed
    by the teacher; it travels with the recording into a showcase case."""
    if activity.kind != ActivityKind.SAME_LESSON:
        raise WorkshopError("只有同课异构活动需要提交教学设计与课堂实录。")
    if activity.showcase_case_id:
        raise WorkshopError("本活动已生成展示案例，材料不能再修改。")
    if not may_hand_in(activity=activity, user=user):
        raise WorkshopError("请先报名该活动，再提交同课异构材料。")
    design = design_choices(user=user).filter(pk=fields.teaching_design_id).first()
    if design is None:
        raise WorkshopError("请选择一份自己的教学设计（可先在“我的作品”中新建）。")
    phases = phases_clean(fields.phases)
    objectives, assessment = fields.objectives.strip(), fields.assessment.strip()
    reflection = fields.reflection.strip()
    if not objectives or not assessment or not reflection:
        raise WorkshopError("请填写教学目标、评价方式与教学反思。")
    existing = SameLessonEntry.objects.filter(activity=activity, teacher=user).first()
    if video is None and (existing is None or existing.recording_id is None):
        raise WorkshopError("请上传课堂实录。")
    measured = recording_check(video=video) if video is not None else None

    with transaction.atomic():
        entry = existing or SameLessonEntry(activity=activity, teacher=user)
        if measured is not None:
            entry.recording = media_store(
                video=video, measured=measured, user=user, title=f"{activity.title} · {display_name(user)} 课堂实录"
            )
        entry.teaching_design = design
        entry.time_allocation = phases
        entry.objectives = objectives
        entry.key_activities = fields.key_activities.strip()
        entry.assessment = assessment
        entry.reflection = reflection
        entry.updated_at = timezone.now()
        entry.save()
        if consent is not None and entry.recording_id:
            profile = profile_of(user)
            consent_record(entry.recording, confirmed_by=user, school=getattr(profile, "school", None), **consent)
    return entry


@dataclass
class CaseResult:
    case: ShowcaseCasePage
    created: bool
    designs: int
    not_public: int  # designs the library has not published yet (hidden in the case until it does)


def _design_values(entry: SameLessonEntry, number: int) -> dict:
    phases = entry.time_allocation
    activities = entry.key_activities or "\n".join(p["label"] or PHASE_LABELS.get(p["kind"], "") for p in phases)
    return {
        "label": f"{display_name(entry.teacher)}的设计"[:40],
        "teaching_design": entry.teaching_design,
        "recording": entry.recording,
        "objectives": entry.objectives,
        "key_activities": activities,
        "assessment": entry.assessment,
        "time_allocation": phases,
        "reflection_note": entry.reflection,
    }


def _intro(activity: WorkshopActivity) -> str:
    paragraphs = [f"来自教师工作坊“{activity.workshop.title}”的同课异构活动“{activity.title}”。"]
    paragraphs += [line.strip() for line in activity.summary.splitlines() if line.strip()]
    return "".join(f"<p>{html.escape(text)}</p>" for text in paragraphs)


def _editors_for(workshop):
    """Editors whose region covers the workshop (an editor without a region: all of them)."""
    editors = (
        get_user_model().objects.filter(is_active=True, profile__role=Role.EDITOR).select_related("profile__region")
    )
    region = workshop.region
    return [e for e in editors if e.profile.region_id is None or region_covers(e.profile.region, region)]


@transaction.atomic
def same_lesson_case_create(*, activity: WorkshopActivity, actor) -> CaseResult:
    """生成同课异构案例: the activity's entries become a draft showcase case, once."""
    activity = WorkshopActivity.objects.select_for_update().select_related("workshop").get(pk=activity.pk)
    workshop = activity.workshop
    require_host(workshop=workshop, user=actor)
    if activity.kind != ActivityKind.SAME_LESSON:
        raise WorkshopError("只有同课异构活动可以生成展示案例。")
    if activity.showcase_case_id:
        case = ShowcaseCasePage.objects.filter(pk=activity.showcase_case_id).first()
        if case is not None:
            return CaseResult(case=case, created=False, designs=case.designs.count(), not_public=0)
    if activity.starts_at > timezone.now():
        raise WorkshopError("活动结束后才能生成展示案例。")
    entries = [
        e
        for e in SameLessonEntry.objects.filter(activity=activity)
        .select_related("teacher__profile", "teaching_design__subject", "recording")
        .order_by("created_at", "pk")
        if e.teaching_design_id and e.time_allocation
    ]
    if len(entries) < MIN_COMPARED:
        raise WorkshopError(f"至少需要 {MIN_COMPARED} 位教师提交教学设计与时间分配，才能生成同课异构案例。")
    first = entries[0].teaching_design
    subject, stage = first.subject or workshop.subject, first.stage or workshop.stage
    if subject is None or stage is None:
        raise WorkshopError("无法确定课例的学科与学段：请在教学设计或工作坊中填写学科与学段。")
    lesson = {
        "subject": subject,
        "stage": stage,
        "grade": first.grade,
        "lesson_title": (lesson_name(first.title) or activity.title)[:100],
    }
    case = case_create(
        index=showcase_index_get_or_create(),
        title=activity.title,
        lesson=lesson,
        designs=[_design_values(entry, n) for n, entry in enumerate(entries, 1)],
        intro=_intro(activity),
        user=actor,
        publish=False,
    )
    activity.showcase_case = case
    activity.save(update_fields=["showcase_case"])
    public = set(
        GeneratedResourcePage.objects.visible_to_public()
        .filter(pk__in=[e.teaching_design_id for e in entries])
        .values_list("pk", flat=True)
    )
    notify(
        recipients=_editors_for(workshop),
        subject=f"同课异构案例待点评发布：{case.title}",
        body=f"“{workshop.title}”的坊主 {display_name(actor)} 由活动生成了案例草稿（{len(entries)} 份设计），"
        "请添加专家点评后发布。",
        link=reverse("wagtailadmin_pages:edit", args=[case.pk]),
        category="workshop",
    )
    return CaseResult(
        case=case,
        created=True,
        designs=len(entries),
        not_public=len([e for e in entries if e.teaching_design_id not in public]),
    )
