"""课堂切片诊断, write side: starting a diagnosis, slices and replies, and the five steps.

Every step is advanced by one function here that checks who may do it, records the step's
output, closes the step (who, when), opens the next with its due date and tells whoever is
next (``notify``, category ``diagnosis``):

① 教师提出问题 — the teacher, by starting the diagnosis (closed at once);
② 备课组预诊 — the 备课组 adds slices and writes the 预诊意见; a school trainer of the school
  (the group's lead) closes it — or, in a school without one, a county trainer;
③ 区级研训组会诊 — a county trainer schedules it (time, place or online link), records who
  attended (each earns 校本研修 credits for the 会诊's hours through ``credits.services``) and
  closes it with the 会诊意见;
④ 形成问题解决方案 — the group writes the solution; a county trainer or the school's trainer
  closes it;
⑤ 教师实践并形成典型案例 — the teacher uploads the second recording and a reflection; the pair
  of recordings with the diagnosis becomes a 典型案例 (a 课堂实录 draft in the library) that is
  submitted to the library's review workflow: once approved it is in the library.

Uploads are checked first and each action is one transaction: a refused file or a refused
step leaves nothing behind.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from credits.models import CreditSource
from credits.services import CreditError, credit_amount_for_hours, credit_record
from home.consent import consent_record, may_watch
from home.models import RecordingAudience
from home.people import display_name, profile_of, region_covers
from resources.models import AttachmentPart, GeneratedResourcePage, ResourceAttachment, ResourceIndexPage, ResourceKind
from resources.review.services import notify
from resources.services import body_from_plain_text
from training.services import document_store, media_store

from . import selectors
from .models import Attendance, Diagnosis, Invitation, Reply, Slice, Step, StepRecord
from .uploads import DiagnosisError, check_design, check_recording

__all__ = ["DiagnosisError"]

# Days each step is given when it opens (shown as its due date; the flow page marks it overdue).
DUE_DAYS = {Step.PRE_DIAGNOSIS: 14, Step.CONSULTATION: 21, Step.SOLUTION: 14, Step.PRACTICE: 30}
MAX_SECONDS = 6 * 3600


@dataclass
class Consent:
    """学生出镜情况 + 可见范围 as the teacher chose them."""

    pupils: str = "pending"  # "none": 无学生出镜; "consented": guardians agreed; "pending": not yet
    consent_audience: str = ""
    visibility: str = RecordingAudience.GROUP
    note: str = ""


def _link(diagnosis: Diagnosis) -> str:
    return reverse("diagnosis:detail", args=[diagnosis.pk])


def _record_consent(*, media, consent: Consent, user, school) -> None:
    if consent.visibility not in RecordingAudience.values:
        raise DiagnosisError("请选择可见范围。")
    audience = ""
    if consent.pupils == "consented":
        if consent.consent_audience not in RecordingAudience.values:
            raise DiagnosisError("已取得监护人授权时，请选择监护人同意的范围。")
        audience = consent.consent_audience
    elif consent.pupils not in ("none", "pending"):
        raise DiagnosisError("请选择学生出镜情况。")
    consent_record(
        media,
        confirmed_by=user,
        consent_audience=audience,
        no_pupils=consent.pupils == "none",
        visibility=consent.visibility,
        school=school,
        note=consent.note[:200],
    )


def _notify(diagnosis: Diagnosis, recipients, subject: str, body: str = "") -> None:
    notify(recipients=recipients, subject=subject, body=body, link=_link(diagnosis), category="diagnosis")


def _open_step(diagnosis: Diagnosis, number: int) -> StepRecord:
    days = DUE_DAYS.get(number)
    due = timezone.localdate() + datetime.timedelta(days=days) if days else None
    record, _ = StepRecord.objects.update_or_create(
        diagnosis=diagnosis, number=number, defaults={"opened_at": timezone.now(), "due_on": due}
    )
    return record


def _advance(diagnosis: Diagnosis, *, user, expected: int) -> None:
    """Close step ``expected`` (which must be the current one) and open the next."""
    locked = Diagnosis.objects.select_for_update().get(pk=diagnosis.pk)
    if locked.step != expected:
        raise DiagnosisError(f"诊断当前在“{locked.get_step_display()}”环节，不能执行这一步。")
    StepRecord.objects.filter(diagnosis=diagnosis, number=expected).update(
        completed_at=timezone.now(), completed_by=user
    )
    diagnosis.step = expected + 1
    Diagnosis.objects.filter(pk=diagnosis.pk).update(step=diagnosis.step, updated_at=timezone.now())
    if diagnosis.step != Step.DONE:
        _open_step(diagnosis, diagnosis.step)


def _others(diagnosis: Diagnosis, users, *, besides=None):
    return [u for u in users if besides is None or u.pk != besides.pk]


# --- ① 教师提出问题 ----------------------------------------------------------------------
def diagnosis_create(*, teacher, fields: dict, video, design, consent: Consent, probe=None) -> Diagnosis:
    """诊断申请: the teacher's own lesson recording, 教学设计 and problem. ``fields``: lesson_title,
    problem, subject, stage, grade. Step ① closes at once and ② opens; the 备课组 is told."""
    profile = profile_of(teacher)
    if profile is None or profile.school_id is None:
        raise DiagnosisError("只有填写了学校的教师才能申请课堂诊断，请联系管理员完善档案。")
    if not fields.get("lesson_title", "").strip() or not fields.get("problem", "").strip():
        raise DiagnosisError("请填写课题和教师提出的问题。")
    if fields.get("grade") is not None and fields["grade"].stage_id != fields["stage"].pk:
        raise DiagnosisError("年级与学段不一致。")
    check_design(upload=design)
    measured = check_recording(video=video, probe=probe)
    with transaction.atomic():
        media = media_store(video=video, measured=measured, user=teacher)
        _record_consent(media=media, consent=consent, user=teacher, school=profile.school)
        diagnosis = Diagnosis.objects.create(
            teacher=teacher,
            school=profile.school,
            recording=media,
            design=document_store(upload=design, user=teacher),
            step=Step.PRE_DIAGNOSIS,
            **fields,
        )
        StepRecord.objects.create(
            diagnosis=diagnosis, number=Step.PROBLEM, completed_at=timezone.now(), completed_by=teacher
        )
        _open_step(diagnosis, Step.PRE_DIAGNOSIS)
        group = diagnosis_school_group(diagnosis)
        _notify(
            diagnosis,
            _others(diagnosis, group, besides=teacher),
            f"课堂诊断待预诊：{display_name(teacher)}《{diagnosis.lesson_title}》",
            diagnosis.problem,
        )
    return diagnosis


def diagnosis_school_group(diagnosis: Diagnosis):
    return list(selectors.group_members(diagnosis).filter(selectors.school_group_q(diagnosis)))


def _county_trainers(diagnosis: Diagnosis):
    return list(selectors.group_members(diagnosis).filter(selectors.county_trainers_q(diagnosis)))


def _require_member(user, diagnosis: Diagnosis) -> None:
    if not selectors.is_member(user, diagnosis):
        raise DiagnosisError("只有诊断组成员才能参与这次诊断。")


def _require_open(diagnosis: Diagnosis) -> None:
    if diagnosis.step == Step.DONE:
        raise DiagnosisError("诊断已完成，不能再修改。")


# --- slices and replies -----------------------------------------------------------------
def slice_add(
    *,
    user,
    diagnosis: Diagnosis,
    start: int,
    end: int,
    observation: str,
    aspect: str = "",
    dimension=None,
    recording: int = Slice.Recording.FIRST,
) -> Slice:
    """A slice of one recording (start < end, inside the recording) with an observation."""
    _require_member(user, diagnosis)
    _require_open(diagnosis)
    media = diagnosis.recording if recording == Slice.Recording.FIRST else diagnosis.second_recording
    if media is None:
        raise DiagnosisError("还没有改进后的课堂实录。")
    if not observation.strip():
        raise DiagnosisError("请写下对这一片段的观察与诊断。")
    if not aspect and dimension is None:
        raise DiagnosisError("请选择观察点或能力维度。")
    if start < 0 or end <= start:
        raise DiagnosisError("终点必须晚于起点。")
    duration = int(media.duration or 0)
    if duration and end > duration + 1:
        raise DiagnosisError(f"终点超出了视频长度（{duration // 60:02d}:{duration % 60:02d}）。")
    with transaction.atomic():
        made = Slice.objects.create(
            diagnosis=diagnosis,
            recording=recording,
            start_seconds=start,
            end_seconds=min(end, MAX_SECONDS),
            observation=observation.strip(),
            aspect=aspect,
            dimension=dimension,
            author=user,
            step=min(diagnosis.step, Step.PRACTICE),
        )
        if user.pk != diagnosis.teacher_id:
            _notify(
                diagnosis,
                [diagnosis.teacher],
                f"{display_name(user)} 在《{diagnosis.lesson_title}》标注了切片 {made.label}",
                made.observation,
            )
    return made


def reply_add(*, user, slice: Slice, body: str) -> Reply:
    diagnosis = slice.diagnosis
    _require_member(user, diagnosis)
    _require_open(diagnosis)
    if not body.strip():
        raise DiagnosisError("回复不能为空。")
    with transaction.atomic():
        reply = Reply.objects.create(slice=slice, author=user, body=body.strip())
        people = {slice.author_id: slice.author, diagnosis.teacher_id: diagnosis.teacher}
        _notify(
            diagnosis,
            [p for pk, p in people.items() if pk != user.pk],
            f"{display_name(user)} 回复了切片 {slice.label}（《{diagnosis.lesson_title}》）",
            reply.body,
        )
    return reply


# --- ② 备课组预诊 -------------------------------------------------------------------------
def pre_opinion_save(*, user, diagnosis: Diagnosis, text: str) -> None:
    if diagnosis.step != Step.PRE_DIAGNOSIS:
        raise DiagnosisError("预诊意见只能在“备课组预诊”环节填写。")
    if not (selectors.is_school_group(user, diagnosis) or selectors.is_county_trainer(user, diagnosis)):
        raise DiagnosisError("预诊意见由备课组填写。")
    if not text.strip():
        raise DiagnosisError("预诊意见不能为空。")
    Diagnosis.objects.filter(pk=diagnosis.pk).update(pre_opinion=text.strip(), updated_at=timezone.now())
    diagnosis.pre_opinion = text.strip()


def _may_close_pre(user, diagnosis: Diagnosis) -> bool:
    if user.is_superuser or selectors.is_school_lead(user, diagnosis):
        return True
    has_lead = any(selectors.is_school_lead(u, diagnosis) for u in diagnosis_school_group(diagnosis))
    return not has_lead and selectors.is_county_trainer(user, diagnosis)


def pre_diagnosis_close(*, user, diagnosis: Diagnosis) -> None:
    """End ②: needs the 预诊意见; the county trainers are asked to hold the 会诊."""
    if not _may_close_pre(user, diagnosis):
        raise DiagnosisError("备课组预诊由本校校级培训者（备课组长）结束。")
    if not diagnosis.pre_opinion.strip():
        raise DiagnosisError("请先填写预诊意见，再结束预诊。")
    with transaction.atomic():
        _advance(diagnosis, user=user, expected=Step.PRE_DIAGNOSIS)
        _notify(
            diagnosis,
            _county_trainers(diagnosis),
            f"课堂诊断待会诊：《{diagnosis.lesson_title}》已完成备课组预诊",
            diagnosis.pre_opinion,
        )
        _notify(diagnosis, [diagnosis.teacher], f"《{diagnosis.lesson_title}》预诊完成，等待区级研训组会诊")


# --- ③ 区级研训组会诊 ----------------------------------------------------------------------
def _require_county(user, diagnosis: Diagnosis, what: str) -> None:
    if not (user.is_superuser or selectors.is_county_trainer(user, diagnosis)):
        raise DiagnosisError(f"{what}由区级研训组的县级培训者负责。")
    if diagnosis.step != Step.CONSULTATION:
        raise DiagnosisError("诊断不在“区级研训组会诊”环节。")


def consultation_schedule(
    *, user, diagnosis: Diagnosis, when: datetime.datetime, place: str = "", link: str = "", hours=None
) -> None:
    """The 会诊's time and place or online link; the whole group is told."""
    _require_county(user, diagnosis, "安排会诊")
    if when is None:
        raise DiagnosisError("请填写会诊时间。")
    if not place.strip() and not link.strip():
        raise DiagnosisError("请填写会诊地点或线上会议链接。")
    fields = {"consultation_at": when, "consultation_place": place.strip(), "consultation_link": link.strip()}
    if hours is not None:
        if not 0 < hours <= 8:
            raise DiagnosisError("会诊学时应在 0.5 到 8 之间。")
        fields["consultation_hours"] = hours
    with transaction.atomic():
        Diagnosis.objects.filter(pk=diagnosis.pk).update(updated_at=timezone.now(), **fields)
        for name, value in fields.items():
            setattr(diagnosis, name, value)
        where = place.strip() or "线上"
        _notify(
            diagnosis,
            _others(diagnosis, selectors.group_members(diagnosis), besides=user),
            f"会诊安排：《{diagnosis.lesson_title}》{timezone.localtime(when):%Y-%m-%d %H:%M}，{where}",
            link,
        )


def invite(*, user, diagnosis: Diagnosis, invitee) -> Invitation:
    """A county trainer invites a teacher of their region into the 区级研训组."""
    if not (user.is_superuser or selectors.is_county_trainer(user, diagnosis)):
        raise DiagnosisError("只有县级培训者可以邀请教师参加会诊。")
    _require_open(diagnosis)
    profile = profile_of(invitee)
    inviter = profile_of(user)
    in_region = bool(profile and profile.school_id and inviter and region_covers(inviter.region, profile.school.region))
    if not (in_region or user.is_superuser):
        raise DiagnosisError("只能邀请本区域内学校的教师。")
    with transaction.atomic():
        invitation, created = Invitation.objects.get_or_create(
            diagnosis=diagnosis, user=invitee, defaults={"invited_by": user}
        )
        if created:
            _notify(diagnosis, [invitee], f"{display_name(user)} 邀请您参加《{diagnosis.lesson_title}》的课堂诊断会诊")
    return invitation


def attendance_record(*, user, diagnosis: Diagnosis, attendee_ids: list[int]) -> list[str]:
    """Record who attended (group members only); each earns 校本研修 credits once for the
    会诊's hours. Returns notes to show (a yearly cap already reached)."""
    _require_county(user, diagnosis, "记录出席")
    if diagnosis.consultation_at is None:
        raise DiagnosisError("请先安排会诊时间。")
    members = {u.pk: u for u in selectors.group_members(diagnosis)}
    unknown = [pk for pk in attendee_ids if pk not in members]
    if unknown or not attendee_ids:
        raise DiagnosisError("请从诊断组成员中勾选出席人员。")
    amount = credit_amount_for_hours(source=CreditSource.SCHOOL_RESEARCH, hours=diagnosis.consultation_hours)
    notes = []
    with transaction.atomic():
        for pk in attendee_ids:
            person = members[pk]
            _, created = Attendance.objects.get_or_create(
                diagnosis=diagnosis, user=person, defaults={"recorded_by": user}
            )
            if not created or amount <= 0:
                continue
            try:
                with transaction.atomic():
                    credit_record(
                        teacher=person,
                        source=CreditSource.SCHOOL_RESEARCH,
                        amount=amount,
                        hours=diagnosis.consultation_hours,
                        description=f"参加课堂切片诊断会诊《{diagnosis.lesson_title}》",
                        source_key=f"diagnosis:{diagnosis.pk}:consultation",
                        earned_on=timezone.localdate(diagnosis.consultation_at),
                        verified_by=user,
                    )
            except CreditError as error:
                notes.append(f"{display_name(person)}：{error}")
    return notes


def consultation_close(*, user, diagnosis: Diagnosis, notes: str) -> None:
    """End ③ with the 会诊意见; the group is asked for the solution."""
    _require_county(user, diagnosis, "结束会诊")
    if diagnosis.consultation_at is None:
        raise DiagnosisError("请先安排会诊时间。")
    if not diagnosis.attendance.exists():
        raise DiagnosisError("请先记录会诊出席人员。")
    if not notes.strip():
        raise DiagnosisError("请填写会诊意见。")
    with transaction.atomic():
        Diagnosis.objects.filter(pk=diagnosis.pk).update(consultation_notes=notes.strip())
        diagnosis.consultation_notes = notes.strip()
        _advance(diagnosis, user=user, expected=Step.CONSULTATION)
        _notify(
            diagnosis,
            _others(diagnosis, selectors.group_members(diagnosis), besides=user),
            f"《{diagnosis.lesson_title}》会诊结束，请形成问题解决方案",
            diagnosis.consultation_notes,
        )


# --- ④ 形成问题解决方案 --------------------------------------------------------------------
def solution_save(*, user, diagnosis: Diagnosis, text: str) -> None:
    _require_member(user, diagnosis)
    if diagnosis.step != Step.SOLUTION:
        raise DiagnosisError("问题解决方案在“形成问题解决方案”环节填写。")
    if not text.strip():
        raise DiagnosisError("问题解决方案不能为空。")
    Diagnosis.objects.filter(pk=diagnosis.pk).update(solution=text.strip(), updated_at=timezone.now())
    diagnosis.solution = text.strip()


def solution_close(*, user, diagnosis: Diagnosis) -> None:
    """End ④: the teacher is asked to teach again."""
    if not (
        user.is_superuser or selectors.is_county_trainer(user, diagnosis) or selectors.is_school_lead(user, diagnosis)
    ):
        raise DiagnosisError("解决方案由县级培训者或本校校级培训者确认。")
    if not diagnosis.solution.strip():
        raise DiagnosisError("请先写好问题解决方案。")
    with transaction.atomic():
        _advance(diagnosis, user=user, expected=Step.SOLUTION)
        _notify(
            diagnosis,
            [diagnosis.teacher],
            f"《{diagnosis.lesson_title}》的问题解决方案已形成，请实践后上传改进课与教学反思",
            diagnosis.solution,
        )


# --- ⑤ 教师实践并形成典型案例 ---------------------------------------------------------------
def practice_submit(
    *, user, diagnosis: Diagnosis, video, reflection: str, consent: Consent, probe=None
) -> GeneratedResourcePage:
    """The teacher's second recording and reflection; the diagnosis becomes a 典型案例 draft in
    the library, submitted to its review workflow. Returns the case page."""
    if user.pk != diagnosis.teacher_id:
        raise DiagnosisError("改进课由执教教师本人上传。")
    if diagnosis.step != Step.PRACTICE:
        raise DiagnosisError("诊断不在“教师实践并形成典型案例”环节。")
    if not reflection.strip():
        raise DiagnosisError("请填写教学反思。")
    measured = check_recording(video=video, probe=probe)
    library = ResourceIndexPage.objects.live().first()
    if library is None:
        raise DiagnosisError("资源库尚未建立，暂时无法形成典型案例，请联系管理员。")
    with transaction.atomic():
        media = media_store(video=video, measured=measured, user=user)
        _record_consent(media=media, consent=consent, user=user, school=diagnosis.school)
        diagnosis.second_recording = media
        diagnosis.reflection = reflection.strip()
        case = _case_create(diagnosis=diagnosis, library=library, user=user)
        diagnosis.case_page = case
        diagnosis.save(update_fields=["second_recording", "reflection", "case_page", "updated_at"])
        _advance(diagnosis, user=user, expected=Step.PRACTICE)
        workflow = case.get_workflow()
        if workflow is None:
            raise DiagnosisError("资源库没有设置审核流程，请联系管理员。")
        workflow.start(case, user)
        _notify(
            diagnosis,
            _others(diagnosis, selectors.group_members(diagnosis), besides=user),
            f"《{diagnosis.lesson_title}》诊断完成，典型案例已提交审核",
            diagnosis.reflection,
        )
    return case


def case_body_text(diagnosis: Diagnosis) -> str:
    """The case's text: the problem, what each step produced, the slices, the reflection, and,
    where the first recording's consent lets the public watch it, where to see the 诊断课 with its
    slices (the case's own video is the improved lesson)."""
    slices = "\n".join(
        f"{s.get_recording_display()} {s.label} [{s.get_aspect_display() or s.dimension}] {s.observation}"
        for s in diagnosis.slices.select_related("dimension")
    )
    parts = [
        ("教师提出的问题", diagnosis.problem),
        ("备课组预诊意见", diagnosis.pre_opinion),
        ("区级研训组会诊意见", diagnosis.consultation_notes),
        ("问题解决方案", diagnosis.solution),
        ("课堂切片", slices),
        ("教学反思", diagnosis.reflection),
    ]
    if may_watch(AnonymousUser(), diagnosis.recording):
        parts.append(("诊断课录像与课堂切片", f"诊断课录像、每个切片与回复见诊断页面：{_link(diagnosis)}"))
    return "\n\n".join(f"【{title}】\n{text}" for title, text in parts if text)


def _case_create(*, diagnosis: Diagnosis, library, user) -> GeneratedResourcePage:
    case = GeneratedResourcePage(
        title=f"典型案例：{diagnosis.subject.name}《{diagnosis.lesson_title}》课堂切片诊断"[:255],
        slug=f"diagnosis-case-{uuid.uuid4().hex[:12]}",
        kind=ResourceKind.LESSON_RECORDING,
        summary=f"问题导向+学科会诊：{diagnosis.problem}"[:480],
        body=body_from_plain_text(case_body_text(diagnosis)),
        video=diagnosis.second_recording,
        subject=diagnosis.subject,
        stage=diagnosis.stage,
        grade=diagnosis.grade,
        school=diagnosis.school,
        region=diagnosis.school.region,
        owner=user,
        author=user,
        author_name=display_name(user),
        live=False,
    )
    if diagnosis.design_id:
        case.attachments = [ResourceAttachment(document=diagnosis.design, part=AttachmentPart.TEACHING_DESIGN)]
    library.add_child(instance=case)
    case.save_revision(user=user, log_action=True)
    return case
