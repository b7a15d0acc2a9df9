"""The diagnosis pages as each role sees them: outsiders get 404, bad input a Chinese message
and nothing saved, each step's form only for those who act at that step."""

import re

import pytest

from django.urls import reverse

from diagnosis.models import Diagnosis, Reply, Slice, Step
from home.consent import consent_record
from home.models import RecordingAudience
from tests.diagnosis.factories import diagnosis, world
from tests.training.factories import make_video

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world()


def as_user(client, user):
    client.force_login(user)
    return client


def detail(d):
    return reverse("diagnosis:detail", args=[d.pk])


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_outsiders_get_404_everywhere(client, w):
    d = diagnosis(w)
    target = d.slices.create(start_seconds=1, end_seconds=9, observation="x", aspect="board", author=w.peer)
    urls = [
        detail(d),
        reverse("diagnosis:video", args=[d.pk, 1]),
        reverse("diagnosis:design", args=[d.pk]),
        reverse("diagnosis:practice", args=[d.pk]),
    ]
    posts = [
        reverse("diagnosis:slice_add", args=[d.pk]),
        reverse("diagnosis:reply_add", args=[d.pk, target.pk]),
        reverse("diagnosis:step", args=[d.pk, "pre-opinion"]),
    ]
    for user in (w.stranger, w.other_subject, w.far_county):
        as_user(client, user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        for url in posts:
            assert client.post(url, {"text": "x", "body": "x"}).status_code == 404, (user, url)
    client.logout()
    assert client.get(detail(d)).status_code == 404
    assert client.get(reverse("diagnosis:mine")).status_code == 302
    assert Reply.objects.count() == 0 and Diagnosis.objects.get().pre_opinion == ""


def test_members_see_the_flow_and_play_the_recording(client, w):
    d = diagnosis(w)
    for user in (w.teacher, w.peer, w.lead, w.county):
        page = text(as_user(client, user).get(detail(d)))
        assert "备课组预诊" in page and "进行中" in page and "小组合作流于形式" in page
        assert 'id="dx-video-1"' in page
        video = client.get(reverse("diagnosis:video", args=[d.pk, 1]), HTTP_RANGE="bytes=0-3")
        assert video.status_code == 206
    page = text(as_user(client, w.peer).get(detail(d)))
    assert "保存预诊意见" in page and "结束预诊，提交" not in page
    assert "结束预诊，提交" in text(as_user(client, w.lead).get(detail(d)))


def test_signed_in_visibility_opens_the_page_read_only(client, w):
    d = diagnosis(w)
    consent_record(d.recording, confirmed_by=w.teacher, no_pupils=True, visibility=RecordingAudience.SIGNED_IN)
    page = text(as_user(client, w.stranger).get(detail(d)))
    assert "小组合作流于形式" in page and "添加切片" not in page
    assert client.get(reverse("diagnosis:design", args=[d.pk])).status_code == 404  # downloads off
    assert client.post(reverse("diagnosis:slice_add", args=[d.pk]), {}).status_code == 404


def test_slice_and_reply_through_the_page(client, w):
    d = diagnosis(w)
    as_user(client, w.peer)
    response = client.post(
        reverse("diagnosis:slice_add", args=[d.pk]),
        {
            "recording": 1,
            "start": "12:30",
            "end": "15:00",
            "aspect": "group_work",
            "observation": "讨论时间只有两分钟。",
        },
        follow=True,
    )
    assert "已添加切片 12:30–15:00" in text(response)
    made = Slice.objects.get()
    assert (made.start_seconds, made.end_seconds) == (750, 900)
    page = text(response)
    assert 'data-start="750" data-end="900"' in page
    response = client.post(reverse("diagnosis:reply_add", args=[d.pk, made.pk]), {"body": "同意。"}, follow=True)
    assert "已回复" in text(response) and "同意。" in text(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"recording": 1, "start": "12:70", "end": "13:00", "aspect": "board", "observation": "x"}, "分:秒"),
        ({"recording": 1, "start": "13:00", "end": "12:00", "aspect": "board", "observation": "x"}, "终点必须晚于起点"),
        ({"recording": 1, "start": "1:00", "end": "2:00", "observation": "x"}, "观察点或能力维度"),
        ({"recording": 1, "start": "1:00", "end": "99:00", "aspect": "board", "observation": "x"}, "超出了视频长度"),
        ({"recording": 2, "start": "1:00", "end": "2:00", "aspect": "board", "observation": "x"}, "改进后的课堂实录"),
        ({"recording": "x", "start": "", "end": ""}, "切片没有保存"),
    ],
)
def test_bad_slices_get_a_chinese_message_and_nothing_saved(client, w, data, message):
    d = diagnosis(w)
    response = as_user(client, w.peer).post(reverse("diagnosis:slice_add", args=[d.pk]), data, follow=True)
    assert response.status_code == 200
    assert message in text(response)
    assert not Slice.objects.exists()


def test_steps_through_the_pages(client, w):
    d = diagnosis(w)
    step = lambda user, action, data=None: as_user(client, user).post(  # noqa: E731
        reverse("diagnosis:step", args=[d.pk, action]), data or {}, follow=True
    )
    assert "请先填写预诊意见" in text(step(w.lead, "pre-close"))
    step(w.peer, "pre-opinion", {"text": "任务不明确。"})
    assert "预诊已结束" in text(step(w.lead, "pre-close"))
    assert "会诊地点或线上会议链接" in text(step(w.county, "schedule", {"when": "2026-12-10T14:30", "hours": "2"}))
    assert "会诊时间" in text(step(w.county, "schedule", {"when": "明天", "place": "x", "hours": "2"}))
    assert "会诊已安排" in text(step(w.county, "schedule", {"when": "2026-12-10T14:30", "place": "三楼", "hours": "2"}))
    assert "县级培训者" in text(step(w.peer, "attendance", {"attended": [w.peer.pk]}))
    assert "出席已记录" in text(step(w.county, "attendance", {"attended": [w.peer.pk, w.teacher.pk]}))
    assert "会诊已结束" in text(step(w.county, "consultation-close", {"text": "明确分工。"}))
    step(w.teacher, "solution", {"text": "任务单分工。"})
    assert "已通知执教教师" in text(step(w.county, "solution-close"))
    d.refresh_from_db()
    assert d.step == Step.PRACTICE
    page = text(as_user(client, w.teacher).get(detail(d)))
    assert "上传改进课与教学反思" in page and "12-10 14:30" in page.replace("2026-", "")
    assert as_user(client, w.peer).get(reverse("diagnosis:practice", args=[d.pk])).status_code == 404
    assert as_user(client, w.teacher).post(reverse("diagnosis:step", args=[d.pk, "nope"])).status_code == 404


def test_lists(client, w):
    mine = diagnosis(w)
    done = diagnosis(w, step=Step.DONE, lesson_title="一次函数")
    as_user(client, w.teacher)
    page = text(client.get(reverse("diagnosis:mine")))
    assert "勾股定理" in page and "一次函数" in page and "申请课堂诊断" in page
    waiting = text(as_user(client, w.peer).get(reverse("diagnosis:waiting")))
    assert "勾股定理" in waiting and "一次函数" not in waiting
    assert "勾股定理" not in text(as_user(client, w.stranger).get(reverse("diagnosis:waiting")))
    county = text(as_user(client, w.county).get(reverse("diagnosis:county")))
    assert "勾股定理" in county and "一次函数" in county
    assert "勾股定理" not in text(as_user(client, w.far_county).get(reverse("diagnosis:county")))
    assert as_user(client, w.peer).get(reverse("diagnosis:county")).status_code == 404
    assert as_user(client, w.county).get(reverse("diagnosis:new")).status_code == 404
    assert mine.pk != done.pk


@pytest.mark.requires_service("ffmpeg")
def test_new_diagnosis_form(client, w, tmp_path):
    from home.models import Stage, Subject

    as_user(client, w.teacher)
    assert "教师提出的问题" in text(client.get(reverse("diagnosis:new")))
    video = make_video(tmp_path / "lesson.mp4", seconds=2)
    pdf = tmp_path / "design.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    base = {
        "lesson_title": "勾股定理",
        "stage": Stage.objects.get(name="初中").pk,
        "subject": Subject.objects.get(name="数学").pk,
        "problem": "小组合作流于形式。",
        "pupils": "consented",
        "visibility": "group",
    }
    with video.open("rb") as v, pdf.open("rb") as p:
        response = client.post(reverse("diagnosis:new"), {**base, "video": v, "design": p})
    assert response.status_code == 400 and "监护人同意的范围" in text(response)
    with pdf.open("rb") as v, pdf.open("rb") as p:  # a PDF as the video
        response = client.post(reverse("diagnosis:new"), {**base, "consent_audience": "group", "video": v, "design": p})
    assert response.status_code == 400 and "不是视频" in text(response)
    assert not Diagnosis.objects.exists()
    with video.open("rb") as v, pdf.open("rb") as p:
        response = client.post(
            reverse("diagnosis:new"), {**base, "consent_audience": "school", "video": v, "design": p}, follow=True
        )
    d = Diagnosis.objects.get()
    assert response.redirect_chain[-1][0] == detail(d)
    assert "诊断申请已提交" in text(response)
    assert d.recording.consent.consent_audience == "school" and d.recording.consent.confirmed_by == w.teacher
