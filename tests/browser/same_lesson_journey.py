"""同课异构 from a workshop activity to the showcase in Chromium (issue #18, "Done when"), one step
of the browser suite's single test (see ``test_public_journeys``).

A member hands in their 教学设计, lesson recording (with the consent questions), time allocation
and reflection on the activity's form → after the activity the host turns it into a draft case
with one button → once an editor has published it, a visitor opens the case from the showcase and
finds both designs with their phase bars, and compares them.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from home.consent import consent_record
from home.models import RecordingAudience
from resources.review.models import ReviewStatus
from showcase.models import ShowcaseCasePage
from tests.browser.conftest import screenshot
from tests.browser.diagnosis_journey import person, sign_in
from tests.factories import GeneratedResourcePageFactory, SchoolFactory, region
from tests.training import factories as training
from tests.workshops.conftest import add_member, make_workshop
from workshops import services
from workshops.models import SameLessonEntry, WorkshopIndexPage

LESSON = "同课异构：一元一次方程"


def a_same_lesson_activity_becomes_a_showcase_case(open_page, library, tmp_path):
    yuelu = region("湖南省/长沙市/岳麓区")
    school = SchoolFactory(name="长沙市岳麓区实验中学", region=yuelu)
    host = person("sl_web_host", "谭坊主", "county_trainer", area=yuelu)
    first = person("sl_web_first", "王晓燕", "teacher", school=school, maths=True)
    second = person("sl_web_second", "李明", "teacher", school=school, maths=True)
    workshop = make_workshop(WorkshopIndexPage.objects.get(), title="岳麓区初中数学同课异构坊", host=host, region=yuelu)
    add_member(workshop, first)
    add_member(workshop, second)
    activity = services.activity_create(
        workshop=workshop,
        actor=host,
        title=LESSON,
        kind="same_lesson",
        mode="offline",
        starts_at=timezone.now() + datetime.timedelta(days=1),
        hours=3,
        place="岳麓区实验中学录播室",
    )
    for teacher in (first, second):
        services.activity_signup(activity=activity, user=teacher)
    activity.starts_at = timezone.now() - datetime.timedelta(hours=3)  # the lessons have been taught
    activity.save(update_fields=["starts_at"])
    designs = {
        teacher: GeneratedResourcePageFactory(
            parent=library,
            title=f"《一元一次方程》教学设计（{name}）",
            owner=teacher,
            author_name=name,
            school=school,
            region=yuelu,
            review_status=ReviewStatus.APPROVED,
        )
        for teacher, name in ((first, "王晓燕"), (second, "李明"))
    }
    # The second teacher's material is already in; the first hands hers in through the portal.
    recording = training.media(title="李明 课堂实录", duration=2400)
    consent_record(
        recording, confirmed_by=second, consent_audience=RecordingAudience.PUBLIC, visibility=RecordingAudience.PUBLIC
    )
    SameLessonEntry.objects.create(
        activity=activity,
        teacher=second,
        teaching_design=designs[second],
        recording=recording,
        time_allocation=[
            {"kind": "intro", "label": "", "minutes": 5},
            {"kind": "cooperate", "label": "小组合作列方程", "minutes": 25},
            {"kind": "summary", "label": "", "minutes": 10},
        ],
        objectives="会列一元一次方程解决实际问题。",
        assessment="当堂检测",
        reflection="反思乙：合作分工要更清楚。",
    )
    activity_path = workshop.url + workshop.reverse_subpage("activity", args=(activity.pk,))

    teacher = sign_in(open_page, "sl_web_first", next_path=activity_path)
    teacher.get_by_role("link", name="提交我的教学设计与课堂实录").click()
    teacher.locator("#id_teaching_design").select_option(label=designs[first].title)
    video = training.make_video(tmp_path / "一元一次方程-王晓燕.mp4", seconds=4)
    teacher.locator("#id_video").set_input_files(str(video))
    teacher.get_by_label("无学生出镜").check()
    for row, (kind, label, minutes) in enumerate(
        [("情境导入", "", "5"), ("探究新知", "方程建模", "20"), ("练习巩固", "", "15")]
    ):
        teacher.locator(f"#id_phase_{row}_kind").select_option(label=kind)
        teacher.locator(f"#id_phase_{row}_label").fill(label)
        teacher.locator(f"#id_phase_{row}_minutes").fill(minutes)
    teacher.locator("#id_objectives").fill("经历由实际问题抽象出方程的过程。")
    teacher.locator("#id_assessment").fill("课堂练习正确率。")
    teacher.locator("#id_reflection").fill("反思甲：建模环节用时偏长。")
    teacher.get_by_role("button", name="提交材料").click()
    teacher.wait_for_load_state()
    assert "同课异构材料已提交" in teacher.inner_text("body")
    entry = SameLessonEntry.objects.get(activity=activity, teacher=first)
    assert [p["minutes"] for p in entry.time_allocation] == [5, 20, 15] and entry.recording.duration > 3

    # After the activity, the host turns it into a draft case in one action.
    host_page = sign_in(open_page, "sl_web_host", next_path=activity_path)
    host_page.get_by_role("button", name="生成同课异构展示案例").click()
    host_page.wait_for_load_state()
    assert "已生成同课异构案例草稿（2 份设计）" in host_page.inner_text("body")
    case = ShowcaseCasePage.objects.get(title=LESSON)
    assert not case.live
    # An editor adds the 专家点评 and publishes (the admin's own editing, not this journey's subject).
    case.save_revision().publish()

    visitor = open_page(case.url)
    assert visitor.locator("h1").inner_text() == LESSON
    assert visitor.locator("article.design").count() == 2
    body = visitor.inner_text("body")
    assert (
        "王晓燕的设计（王晓燕 · 长沙市岳麓区实验中学）" in body and "李明的设计（李明 · 长沙市岳麓区实验中学）" in body
    )
    assert "方程建模" in body and "小组合作列方程" in body and "反思甲：建模环节用时偏长。" in body
    screenshot(visitor, "same-lesson-case-desktop")
    visitor.get_by_role("button", name="并排对比").click()
    visitor.wait_for_url("**/compare/**")
    assert visitor.locator(".compare-head h2").count() == 2 and visitor.locator(".compare video").count() == 2
