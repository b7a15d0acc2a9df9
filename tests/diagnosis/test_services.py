"""The five steps as services: who may do what, what each step records, who is told, the
credits of the 会诊, and the 典型案例 that enters the library's review."""

from decimal import Decimal

import pytest

from credits.models import CreditEntry, CreditRule, CreditSource
from diagnosis import selectors, services
from diagnosis.models import Aspect, Attendance, Diagnosis, Reply, Slice, Step, StepRecord
from diagnosis.services import Consent, DiagnosisError
from home.consent import may_watch
from home.models import RecordingAudience, Stage, Subject
from research.models import CapabilityDimension
from resources.models import GeneratedResourcePage, ResourceKind
from resources.review import services as review
from resources.review.models import ReviewNotification, ReviewStatus
from tests.diagnosis.factories import diagnosis, world
from tests.training.factories import make_video

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world()


def inbox(user, category="diagnosis"):
    return list(ReviewNotification.objects.filter(recipient=user, category=category).values_list("subject", flat=True))


def test_group_is_the_school_subject_group_and_the_county_trainers(w):
    d = diagnosis(w)
    members = set(selectors.group_members(d))
    assert {w.teacher, w.peer, w.lead, w.county} <= members
    assert not members & {w.other_subject, w.far_county, w.stranger}
    assert selectors.is_member(w.peer, d) and selectors.is_member(w.county, d)
    assert not selectors.may_view(w.other_subject, d) and not selectors.may_view(w.stranger, d)


def test_invited_teacher_joins_the_county_group(w):
    d = diagnosis(w, step=Step.CONSULTATION)
    guest = world_teacher_in_county(w)
    assert not selectors.is_member(guest, d)
    services.invite(user=w.county, diagnosis=d, invitee=guest)
    assert selectors.is_member(guest, d)
    assert d in selectors.waiting_for(user=guest)
    with pytest.raises(DiagnosisError, match="县级培训者"):
        services.invite(user=w.peer, diagnosis=d, invitee=w.stranger)
    with pytest.raises(DiagnosisError, match="本区域"):
        services.invite(user=w.county, diagnosis=d, invitee=w.stranger)  # a school in 芙蓉区


def world_teacher_in_county(w):
    from tests.diagnosis.factories import teacher
    from tests.factories import SchoolFactory

    return teacher(SchoolFactory(name="岳麓区第二中学", region=w.school.region), username="dx_guest")


def test_visibility_wider_than_the_group_lets_others_watch_but_not_act(w):
    d = diagnosis(w)
    from home.consent import consent_record

    consent_record(d.recording, confirmed_by=w.teacher, no_pupils=True, visibility=RecordingAudience.SIGNED_IN)
    assert selectors.may_view(w.stranger, d)
    assert not selectors.is_member(w.stranger, d)
    with pytest.raises(DiagnosisError, match="诊断组成员"):
        services.slice_add(user=w.stranger, diagnosis=d, start=1, end=5, observation="看", aspect=Aspect.BOARD)


def test_slices_and_replies(w):
    d = diagnosis(w)
    dimension = CapabilityDimension.objects.get(code="classroom_observation")
    made = services.slice_add(
        user=w.peer, diagnosis=d, start=600, end=780, observation="小组讨论只有两分钟。", dimension=dimension
    )
    assert made.label == "10:00–13:00" and made.step == Step.PRE_DIAGNOSIS
    assert any("10:00–13:00" in s for s in inbox(w.teacher))
    services.reply_add(user=w.teacher, slice=made, body="确实时间不够，下次延长到五分钟。")
    assert Reply.objects.get().author == w.teacher
    assert any("回复了切片" in s for s in inbox(w.peer))


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(300, 300, "终点必须晚于起点"), (300, 100, "终点必须晚于起点"), (100, 9999, "超出了视频长度")],
)
def test_bad_slices_are_refused_and_nothing_is_saved(w, start, end, message):
    d = diagnosis(w)
    with pytest.raises(DiagnosisError, match=message):
        services.slice_add(user=w.peer, diagnosis=d, start=start, end=end, observation="x", aspect=Aspect.TIME)
    with pytest.raises(DiagnosisError, match="观察点或能力维度"):
        services.slice_add(user=w.peer, diagnosis=d, start=1, end=2, observation="x")
    with pytest.raises(DiagnosisError, match="诊断组成员"):
        services.slice_add(user=w.other_subject, diagnosis=d, start=1, end=2, observation="x", aspect=Aspect.TIME)
    assert not Slice.objects.exists()


def test_pre_diagnosis_is_closed_by_the_school_lead_with_an_opinion(w):
    d = diagnosis(w)
    with pytest.raises(DiagnosisError, match="预诊意见"):
        services.pre_diagnosis_close(user=w.lead, diagnosis=d)
    with pytest.raises(DiagnosisError, match="备课组"):
        services.pre_opinion_save(user=w.stranger, diagnosis=d, text="x")
    services.pre_opinion_save(user=w.peer, diagnosis=d, text="合作任务不明确，需要分工单。")
    with pytest.raises(DiagnosisError, match="校级培训者"):
        services.pre_diagnosis_close(user=w.peer, diagnosis=d)
    with pytest.raises(DiagnosisError, match="校级培训者"):
        services.pre_diagnosis_close(user=w.county, diagnosis=d)  # the school has a lead
    services.pre_diagnosis_close(user=w.lead, diagnosis=d)
    d.refresh_from_db()
    assert d.step == Step.CONSULTATION
    closed = StepRecord.objects.get(diagnosis=d, number=Step.PRE_DIAGNOSIS)
    assert closed.completed_by == w.lead and closed.completed_at
    assert StepRecord.objects.get(diagnosis=d, number=Step.CONSULTATION).due_on
    assert any("待会诊" in s for s in inbox(w.county))
    assert not inbox(w.far_county)


def test_consultation_schedule_attendance_credits_and_close(w):
    from django.utils import timezone

    CreditRule.objects.update_or_create(
        source=CreditSource.SCHOOL_RESEARCH, defaults={"credits_per_hour": Decimal("0.5"), "yearly_cap": 20}
    )
    d = diagnosis(w, step=Step.CONSULTATION, pre_opinion="合作任务不明确。")
    with pytest.raises(DiagnosisError, match="县级培训者"):
        services.consultation_schedule(user=w.lead, diagnosis=d, when=timezone.now(), place="三楼会议室")
    with pytest.raises(DiagnosisError, match="地点或线上会议链接"):
        services.consultation_schedule(user=w.county, diagnosis=d, when=timezone.now())
    with pytest.raises(DiagnosisError, match="先安排会诊"):
        services.attendance_record(user=w.county, diagnosis=d, attendee_ids=[w.peer.pk])
    services.consultation_schedule(
        user=w.county, diagnosis=d, when=timezone.now(), link="https://meeting.example.cn/123", hours=Decimal("3")
    )
    assert any("会诊安排" in s for s in inbox(w.teacher))
    with pytest.raises(DiagnosisError, match="诊断组成员"):
        services.attendance_record(user=w.county, diagnosis=d, attendee_ids=[w.stranger.pk])
    assert not Attendance.objects.exists()
    services.attendance_record(user=w.county, diagnosis=d, attendee_ids=[w.teacher.pk, w.peer.pk])
    services.attendance_record(user=w.county, diagnosis=d, attendee_ids=[w.peer.pk])  # again: no double credit
    entries = CreditEntry.objects.filter(source=CreditSource.SCHOOL_RESEARCH)
    assert sorted(e.teacher.username for e in entries) == ["dx_peer", "dx_teacher"]
    assert {e.amount for e in entries} == {Decimal("1.5")}  # 3 h × 0.5
    with pytest.raises(DiagnosisError, match="会诊意见"):
        services.consultation_close(user=w.county, diagnosis=d, notes=" ")
    services.consultation_close(user=w.county, diagnosis=d, notes="用任务单明确分工，讨论不少于五分钟。")
    d.refresh_from_db()
    assert d.step == Step.SOLUTION and d.consultation_notes.startswith("用任务单")


def test_solution_written_by_the_group_confirmed_by_a_trainer(w):
    d = diagnosis(w, step=Step.SOLUTION)
    with pytest.raises(DiagnosisError, match="解决方案"):
        services.solution_close(user=w.county, diagnosis=d)
    services.solution_save(user=w.peer, diagnosis=d, text="一、任务单分工；二、讨论五分钟；三、组间互评。")
    with pytest.raises(DiagnosisError, match="县级培训者或本校校级培训者"):
        services.solution_close(user=w.teacher, diagnosis=d)
    services.solution_close(user=w.lead, diagnosis=d)
    d.refresh_from_db()
    assert d.step == Step.PRACTICE
    assert any("请实践" in s for s in inbox(w.teacher))


def test_steps_cannot_be_skipped(w):
    d = diagnosis(w, step=Step.PRE_DIAGNOSIS, pre_opinion="x", solution="y")
    with pytest.raises(DiagnosisError):
        services.solution_close(user=w.county, diagnosis=d)
    with pytest.raises(DiagnosisError, match="不在"):
        services.consultation_close(user=w.county, diagnosis=d, notes="z")
    assert Diagnosis.objects.get(pk=d.pk).step == Step.PRE_DIAGNOSIS


@pytest.mark.requires_service("ffmpeg")
def test_teacher_starts_a_diagnosis_with_checked_uploads(w, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    video = make_video(tmp_path / "lesson.mp4", seconds=2)
    fields = {
        "lesson_title": "勾股定理",
        "problem": "小组合作流于形式。",
        "subject": Subject.objects.get(name="数学"),
        "stage": Stage.objects.get(name="初中"),
        "grade": None,
    }

    def files():
        return (
            SimpleUploadedFile("lesson.mp4", video.read_bytes(), content_type="video/mp4"),
            SimpleUploadedFile("design.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        )

    upload, design = files()
    bad_design = SimpleUploadedFile("design.pdf", b"just text, not a pdf")
    with pytest.raises(DiagnosisError, match="不是 Word 或 PDF"):
        services.diagnosis_create(teacher=w.teacher, fields=fields, video=upload, design=bad_design, consent=Consent())
    not_video = SimpleUploadedFile("lesson.mp4", b"%PDF-1.4\n%%EOF\n")
    with pytest.raises(DiagnosisError, match="不是视频"):
        services.diagnosis_create(teacher=w.teacher, fields=fields, video=not_video, design=design, consent=Consent())
    assert not Diagnosis.objects.exists()

    upload, design = files()
    d = services.diagnosis_create(
        teacher=w.teacher, fields=fields, video=upload, design=design, consent=Consent(pupils="pending")
    )
    assert d.step == Step.PRE_DIAGNOSIS and d.recording.duration == pytest.approx(2, abs=0.3)
    assert d.recording.consent.visibility == RecordingAudience.GROUP
    assert may_watch(w.peer, d.recording, in_group=True) and not may_watch(w.stranger, d.recording)
    assert StepRecord.objects.get(diagnosis=d, number=Step.PROBLEM).completed_by == w.teacher
    assert any("待预诊" in s for s in inbox(w.peer)) and any("待预诊" in s for s in inbox(w.lead))
    assert not inbox(w.other_subject)


@pytest.mark.requires_service("ffmpeg")
def test_practice_makes_a_case_that_enters_the_library_after_review(w, tmp_path, library):
    from django.core.files.uploadedfile import SimpleUploadedFile

    d = diagnosis(w, step=Step.PRACTICE, pre_opinion="预诊", consultation_notes="会诊", solution="方案")
    services.slice_add(
        user=w.peer, diagnosis=d, start=60, end=120, observation="提问偏低阶。", aspect=Aspect.QUESTIONING
    )
    video = make_video(tmp_path / "again.mp4", seconds=2)
    with pytest.raises(DiagnosisError, match="执教教师本人"):
        services.practice_submit(user=w.peer, diagnosis=d, video=None, reflection="x", consent=Consent())
    with pytest.raises(DiagnosisError, match="教学反思"):
        services.practice_submit(user=w.teacher, diagnosis=d, video=None, reflection=" ", consent=Consent())
    upload = SimpleUploadedFile("again.mp4", video.read_bytes(), content_type="video/mp4")
    case = services.practice_submit(
        user=w.teacher,
        diagnosis=d,
        video=upload,
        reflection="分工后讨论更充分。",
        consent=Consent(
            pupils="consented", consent_audience=RecordingAudience.PUBLIC, visibility=RecordingAudience.PUBLIC
        ),
    )
    d.refresh_from_db()
    assert d.step == Step.DONE and d.case_page_id == case.pk
    case = GeneratedResourcePage.objects.get(pk=case.pk)
    assert case.kind == ResourceKind.LESSON_RECORDING and not case.live
    assert case.review_status == ReviewStatus.IN_REVIEW
    assert case.video_id == d.second_recording_id
    text = str(case.get_latest_revision_as_object().body)
    assert "提问偏低阶" in text and "分工后讨论更充分" in text and "方案" in text
    review.resource_review_decide(task_state=case.current_workflow_task_state, user=w.lead, action="approve")
    case.refresh_from_db()
    assert case.live and case in GeneratedResourcePage.objects.live()


def test_case_text_points_to_the_diagnosis_only_when_the_first_lesson_is_public(w):
    from home.consent import consent_record

    d = diagnosis(w, step=Step.DONE, pre_opinion="预诊", solution="方案", reflection="反思")
    assert "诊断课录像与课堂切片" not in services.case_body_text(d)  # the group only: no dead link
    consent_record(
        d.recording,
        confirmed_by=w.teacher,
        consent_audience=RecordingAudience.PUBLIC,
        visibility=RecordingAudience.PUBLIC,
    )
    d.recording.refresh_from_db()
    text = services.case_body_text(d)
    assert f"/diagnosis/{d.pk}/" in text and text.index("【教师提出的问题】") < text.index("【问题解决方案】")
