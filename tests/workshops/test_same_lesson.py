"""同课异构 from practice to showcase: members hand in their design, recording, time allocation
and reflection for a workshop's 同课异构 activity; a host turns the activity into a draft
showcase case once; an editor publishes it and the public comparison shows the designs."""

from __future__ import annotations

import datetime
import re

import pytest
from wagtailmedia.models import get_media_model

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from home.consent import consent_record, effective_audience
from home.models import RecordingAudience as A
from resources.models import ResourceIndexPage
from resources.review.models import ReviewNotification, ReviewStatus
from showcase.models import ShowcaseCasePage
from tests.factories import GeneratedResourcePageFactory
from tests.training import factories as training
from tests.workshops.conftest import add_member
from training.models import TrainingSettings
from workshops import services
from workshops.models import SameLessonEntry

pytestmark = pytest.mark.django_db

PHASES_A = [("intro", "赵爽弦图导入", 5), ("explore", "拼图验证", 20), ("practice", "分层练习", 15)]
PHASES_B = [("intro", "", 3), ("cooperate", "小组合作证明", 25), ("summary", "", 12)]


def same_lesson_activity(ws, *, workshop=None):
    return services.activity_create(
        workshop=workshop or ws.workshop,
        actor=ws.host,
        title="同课异构：勾股定理",
        kind="same_lesson",
        mode="offline",
        starts_at=timezone.now() + datetime.timedelta(days=2),
        hours=3,
        place="岳麓一中录播室",
    )


def start(activity):
    activity.starts_at = timezone.now() - datetime.timedelta(hours=3)
    activity.save(update_fields=["starts_at"])


def design_of(user, *, title="《勾股定理》教学设计", public=True):
    return GeneratedResourcePageFactory(
        parent=ResourceIndexPage.objects.get(slug="library"),
        title=f"{user.username}：{title}",
        owner=user,
        author=user,
        live=public,
        review_status=ReviewStatus.APPROVED if public else ReviewStatus.DRAFT,
    )


def form_data(design, phases=PHASES_A, **extra):
    data = {
        "teaching_design": design.pk,
        "objectives": "经历勾股定理的探索过程。",
        "key_activities": "",
        "assessment": "课堂练习正确率。",
        "reflection": "拼图环节用时偏长，学生证明的表达还需打磨。",
    }
    for row, (kind, label, minutes) in enumerate(phases):
        data |= {f"phase_{row}_kind": kind, f"phase_{row}_label": label, f"phase_{row}_minutes": minutes}
    return data | extra


def entry_url(ws, activity, workshop=None):
    return reverse("workshops:same_lesson_entry", args=[(workshop or ws.workshop).pk, activity.pk])


def sub(page, name, *args):
    return page.url + page.reverse_subpage(name, args=args)


def entry_directly(activity, teacher, design, phases=PHASES_A, reflection="反思：提问的层次不够。"):
    """An entry as the form leaves it, without ffmpeg (the recording is a committed clip), the
    guardians' public consent confirmed by the teacher."""
    recording = training.media(title=f"{teacher.username} 课堂实录", duration=2400)
    consent_record(recording, confirmed_by=teacher, consent_audience=A.PUBLIC, visibility=A.PUBLIC)
    return SameLessonEntry.objects.create(
        activity=activity,
        teacher=teacher,
        teaching_design=design,
        recording=recording,
        time_allocation=[{"kind": k, "label": label, "minutes": m} for k, label, m in phases],
        objectives=f"{teacher.username} 的教学目标",
        assessment="当堂检测",
        reflection=reflection,
    )


@pytest.mark.requires_service("ffmpeg")
def test_a_member_hands_in_design_recording_phases_and_reflection(client, ws, tmp_path):
    activity = same_lesson_activity(ws)
    services.activity_signup(activity=activity, user=ws.member)
    start(activity)
    design = design_of(ws.member, public=False)  # a draft of 我的作品 may be chosen
    client.force_login(ws.member)
    page = client.get(entry_url(ws, activity)).content.decode()
    assert "我的同课异构材料" in page and f"{design.title}（未发布）" in page

    video = training.make_video(tmp_path / "lesson.mp4", seconds=2)
    response = client.post(
        entry_url(ws, activity),
        form_data(design)
        | {"video": SimpleUploadedFile("lesson.mp4", video.read_bytes(), content_type="video/mp4")}
        # 学生出镜: the guardians agreed to the school only, whatever the visibility asked for.
        | {
            "pupils": "consented",
            "consent_audience": "school",
            "visibility": "public",
            "consent_note": "同意书存教务处",
        },
        follow=True,
    )
    assert "同课异构材料已提交" in response.content.decode()
    entry = SameLessonEntry.objects.get(activity=activity, teacher=ws.member)
    consent = entry.recording.consent
    assert consent.confirmed_by == ws.member and consent.note == "同意书存教务处" and not consent.downloads_allowed
    assert effective_audience(consent) == A.SCHOOL
    assert entry.recording.duration == pytest.approx(2.0, abs=0.3)
    assert entry.time_allocation[1] == {"kind": "explore", "label": "拼图验证", "minutes": 20}
    assert "修改我的材料" in response.content.decode()

    mine = client.get(sub(ws.workshop, "same_lesson_entry", entry.pk)).content.decode()
    assert "拼图环节用时偏长" in mine and "共 40 分钟" in mine and "拼图验证" in mine
    recording = sub(ws.workshop, "same_lesson_recording", entry.pk)
    assert client.get(recording, HTTP_RANGE="bytes=0-99").status_code == 206

    client.force_login(ws.host)
    listing = client.get(sub(ws.workshop, "activity", activity.pk)).content.decode()
    assert "teacher_member" in listing and "有课堂实录" in listing
    assert client.get(sub(ws.workshop, "same_lesson_entry", entry.pk)).status_code == 200
    assert client.get(recording, HTTP_RANGE="bytes=0-99").status_code == 206

    # Handing in again replaces the entry and keeps the recording when no new video is chosen.
    client.force_login(ws.member)
    client.post(entry_url(ws, activity), form_data(design, phases=PHASES_B, reflection="第二稿反思"))
    entry.refresh_from_db()
    assert entry.reflection == "第二稿反思" and entry.recording.duration == pytest.approx(2.0, abs=0.3)
    assert SameLessonEntry.objects.count() == 1 and get_media_model().objects.count() == 1
    # A post without the consent questions leaves the recording's record as it was.
    assert effective_audience(get_media_model().objects.get().consent) == A.SCHOOL
    # The form shows the recorded answers again.
    form = client.get(entry_url(ws, activity)).content.decode()
    assert "学生出镜情况" in form and re.search(r'value="consented"[^>]* checked', form)


def test_outsiders_get_404_on_entries_and_recordings(client, ws):
    activity = same_lesson_activity(ws)
    entry = entry_directly(activity, ws.member, design_of(ws.member, public=False), reflection="私密的课后反思")
    urls = [sub(ws.workshop, "same_lesson_entry", entry.pk), sub(ws.workshop, "same_lesson_recording", entry.pk)]
    for user in (None, ws.outsider, ws.member2, ws.editor, ws.county_other):
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        activity_page = client.get(sub(ws.workshop, "activity", activity.pk)).content.decode()
        assert "私密的课后反思" not in activity_page and f"same-lesson/{entry.pk}/" not in activity_page
    # Nor through another workshop's page.
    client.force_login(ws.host)
    assert client.get(sub(ws.private, "same_lesson_entry", entry.pk)).status_code == 404
    # Only signed-up teachers (and hosts) open the form; a member who did not sign up gets 404.
    client.force_login(ws.member2)
    assert client.get(entry_url(ws, activity)).status_code == 404
    client.logout()
    assert "/accounts/login/" in client.get(entry_url(ws, activity))["Location"]


def _refused(client, ws, activity, design, upload, expected):
    response = client.post(entry_url(ws, activity), form_data(design) | {"video": upload})
    body = response.content.decode()
    assert response.status_code == 200 and expected in body, body[:3000]
    assert "拼图环节用时偏长" in body  # what was typed is kept
    assert not SameLessonEntry.objects.exists() and not get_media_model().objects.exists()


@pytest.fixture
def signed_up(ws, client):
    activity = same_lesson_activity(ws)
    services.activity_signup(activity=activity, user=ws.member)
    client.force_login(ws.member)
    return activity, design_of(ws.member)


def test_wrong_type_oversized_and_missing_recordings_are_refused_with_nothing_written(client, ws, signed_up):
    activity, design = signed_up
    pdf = SimpleUploadedFile("lesson.mp4", b"%PDF-1.4 not a video\n%%EOF\n", content_type="video/mp4")
    _refused(client, ws, activity, design, pdf, "文件内容不是视频")
    settings = TrainingSettings.current()
    settings.max_video_upload_mb = 1
    settings.save()
    big = SimpleUploadedFile("big.mp4", b"\x00" * (1024 * 1024 + 10), content_type="video/mp4")
    _refused(client, ws, activity, design, big, "文件超过大小上限 1 MB")
    response = client.post(entry_url(ws, activity), form_data(design))
    assert "请上传课堂实录" in response.content.decode() and not SameLessonEntry.objects.exists()
    bad_phase = form_data(design, phases=[("intro", "", 5), ("explore", "", 200)])
    assert "小于或等于120" in client.post(entry_url(ws, activity), bad_phase).content.decode()
    too_long = form_data(design, phases=[("intro", "", 60), ("explore", "", 70)])
    assert "合计 130 分钟，超过了 120 分钟" in client.post(entry_url(ws, activity), too_long).content.decode()
    no_minutes = form_data(design, phases=[("intro", "导入", "")])
    assert "第 1 个教学环节请填写时长" in client.post(entry_url(ws, activity), no_minutes).content.decode()
    assert not SameLessonEntry.objects.exists()


@pytest.mark.requires_service("ffmpeg")
def test_corrupt_and_over_long_recordings_are_refused(client, ws, signed_up, tmp_path, monkeypatch):
    activity, design = signed_up
    corrupt = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x13\x37" * 4000
    upload = SimpleUploadedFile("broken.mp4", corrupt, content_type="video/mp4")
    _refused(client, ws, activity, design, upload, "文件已损坏")
    monkeypatch.setattr(services.same_lesson, "RECORDING_MAX_MINUTES", 1)
    long = training.make_video(tmp_path / "long.mp4", seconds=65)
    upload = SimpleUploadedFile("long.mp4", long.read_bytes(), content_type="video/mp4")
    _refused(client, ws, activity, design, upload, "超过课堂实录上限 1 分钟")


def test_a_host_turns_the_activity_into_one_draft_case_that_an_editor_publishes(client, ws):
    activity = same_lesson_activity(ws)
    add_member(ws.workshop, ws.teacher_c)
    entry_directly(activity, ws.member, design_of(ws.member), PHASES_A, reflection="反思甲：拼图用时偏长")
    convert = reverse("workshops:same_lesson_case", args=[ws.workshop.pk, activity.pk])

    client.force_login(ws.host)
    early = client.post(convert, follow=True).content.decode()
    assert "活动结束后才能生成展示案例" in early
    start(activity)
    too_few = client.post(convert, follow=True).content.decode()
    assert "至少需要 2 位教师" in too_few and not ShowcaseCasePage.objects.filter(title=activity.title).exists()
    entry_directly(activity, ws.member2, design_of(ws.member2), PHASES_B, reflection="反思乙：合作分工要更清楚")

    client.force_login(ws.member)  # a member may not convert
    client.post(convert)
    assert not ShowcaseCasePage.objects.filter(title=activity.title).exists()

    client.force_login(ws.host)
    done = client.post(convert, follow=True).content.decode()
    assert "已生成同课异构案例草稿（2 份设计）" in done and "在管理后台编辑" in done
    again = client.post(convert, follow=True).content.decode()
    assert "未重复创建" in again
    case = ShowcaseCasePage.objects.get(title=activity.title)
    activity.refresh_from_db()
    assert activity.showcase_case_id == case.pk and not case.live
    designs = list(case.designs.order_by("sort_order"))
    assert [d.phases for d in designs] == [
        [{"kind": k, "label": label, "minutes": m} for k, label, m in PHASES_A],
        [{"kind": k, "label": label, "minutes": m} for k, label, m in PHASES_B],
    ]
    assert all(d.recording_id for d in designs) and designs[1].reflection_note == "反思乙：合作分工要更清楚"
    assert case.lesson_title == "勾股定理" and case.subject.name == "数学"
    note = ReviewNotification.objects.get(recipient=ws.editor)
    assert note.link == reverse("wagtailadmin_pages:edit", args=[case.pk])
    # A draft is not public; entries are frozen once the case exists.
    client.logout()
    assert client.get(case.url or "/showcase/x/").status_code == 404
    with pytest.raises(services.WorkshopError, match="已生成展示案例"):
        services.same_lesson_entry_save(
            activity=activity,
            user=ws.member,
            fields=services.EntryFields(designs[0].teaching_design_id, "目标", "", "评价", "反思", []),
        )

    # The editor adds 专家点评 in the admin and publishes.
    client.force_login(ws.editor)
    assert client.get(note.link).status_code == 200
    draft = case.get_latest_revision_as_object()
    draft.expert_name, draft.expert_commentary = "李教研员", "<p>两种证明路径各有所长。</p>"
    draft.save_revision(user=ws.editor).publish(user=ws.editor)
    client.logout()
    case.refresh_from_db()
    public = client.get(case.url).content.decode()
    assert "两种证明路径各有所长" in public and "反思甲：拼图用时偏长" in public
    compare = client.get(sub(case, "compare")).content.decode()
    assert "teacher_member的设计" in compare and "teacher_member2的设计" in compare
    assert "拼图验证" in compare and "小组合作证明" in compare
    design = designs[0]
    assert client.get(sub(case, "recording", design.pk), HTTP_RANGE="bytes=0-99").status_code == 206
    assert ShowcaseCasePage.objects.filter(title=activity.title).count() == 1
