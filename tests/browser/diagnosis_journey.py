"""课堂切片诊断 end to end in Chromium (issue #18, "Done when"), one step of the browser suite's
single test (see ``test_public_journeys``: one transactional test keeps the migrations' data).

A teacher uploads a lesson recording with a problem → a 备课组 colleague marks a slice with the
player's "设为起点/设为终点" and plays it back (it stops at its end) → the school trainer writes
the 预诊意见 and closes ② → the county trainer adds a slice by typing mm:ss, replies under the
colleague's slice, schedules the 会诊, records attendance (credits) and closes ③ → the colleague
writes the solution, the county trainer confirms ④ → the teacher uploads the second recording and
a reflection ⑤ → the school trainer approves the 典型案例 in the review queue → a visitor finds it
in the library listing.
"""

from __future__ import annotations

import re

from credits.models import CreditEntry
from diagnosis.models import Diagnosis, Slice, Step
from home.models import Subject
from resources.models import GeneratedResourcePage
from tests.browser.conftest import screenshot
from tests.factories import SchoolFactory, UserFactory, region

LESSON = "分数的初步认识"


def person(username: str, name: str, role: str, *, school=None, area=None, maths: bool = False):
    user = UserFactory(username=username, role=role, role__school=school, role__region=area)
    user.profile.display_name = name
    user.profile.save()
    if maths:
        user.profile.subjects.add(Subject.objects.get(name="数学"))
    return user


def sign_in(open_page, username: str, next_path: str = "/diagnosis/"):
    page = open_page(f"/accounts/login/?next={next_path}")
    page.get_by_label("用户名或工号").fill(username)
    page.get_by_label("密码").fill("pass12345")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{next_path}")
    return page


def wait_for_player(page):
    page.wait_for_function("document.getElementById('dx-video-1').readyState >= 1")
    page.wait_for_function("document.getElementById('dx-video-1').duration > 5")


def seek(page, seconds: float) -> None:
    page.eval_on_selector(
        "#dx-video-1",
        "(v, t) => new Promise(done => { v.addEventListener('seeked', done, {once: true}); v.currentTime = t; })",
        seconds,
    )


def step_states(page) -> list[str]:
    return page.eval_on_selector_all(".dx-flow-step", "steps => steps.map(s => s.className.match(/is-(\\w+)/)[1])")


def teachers_diagnose_a_lesson_and_the_case_reaches_the_library(open_page, library, tmp_path):
    from tests.training.factories import make_video

    school = SchoolFactory(name="长沙市岳麓区博才小学", region=region("湖南省/长沙市/岳麓区"))
    person("dx_web_teacher", "林晓", "teacher", school=school, maths=True)
    person("dx_web_peer", "周敏", "teacher", school=school, maths=True)
    person("dx_web_lead", "陈校培", "school_trainer", school=school)
    person("dx_web_county", "彭教研", "county_trainer", area=school.region)
    first = make_video(tmp_path / "分数的初步认识.mp4", seconds=8)
    second = make_video(tmp_path / "分数的初步认识-改进课.mp4", seconds=6)
    design = tmp_path / "教学设计.pdf"
    design.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    # ① The teacher asks for a diagnosis from the portal.
    teacher = sign_in(open_page, "dx_web_teacher")
    teacher.get_by_role("link", name="申请课堂诊断").first.click()
    teacher.wait_for_url("**/diagnosis/new/")
    teacher.get_by_label("课题").fill(LESSON)
    teacher.get_by_label("学段").select_option(label="小学")
    teacher.get_by_label("学科").select_option(label="数学")
    teacher.get_by_label("教师提出的问题").fill("提问多为“是不是”“对不对”，学生答得齐，却说不出为什么。")
    teacher.set_input_files("#id_video", str(first))
    teacher.set_input_files("#id_design", str(design))
    teacher.get_by_label("有学生出镜，尚未取得监护人授权").check()
    teacher.get_by_role("button", name="提交诊断申请").click()
    teacher.wait_for_url(re.compile(r"/diagnosis/\d+/$"))
    assert "诊断申请已提交" in teacher.inner_text("body")
    diagnosis = Diagnosis.objects.get(lesson_title=LESSON)
    assert diagnosis.recording.duration > 7
    assert step_states(teacher) == ["done", "current", "waiting", "waiting", "waiting"]
    assert "陈校培结束预诊" in teacher.locator("#waiting-on").inner_text()
    detail = f"/diagnosis/{diagnosis.pk}/"

    # ② A 备课组 colleague finds it under 待我参与 and marks a slice on the player.
    peer = sign_in(open_page, "dx_web_peer", "/diagnosis/waiting/")
    peer.get_by_role("link", name=f"数学《{LESSON}》").click()
    peer.wait_for_url(f"**{detail}")
    wait_for_player(peer)
    seek(peer, 2)
    peer.get_by_role("button", name="设为起点").click()
    seek(peer, 5)
    peer.get_by_role("button", name="设为终点").click()
    assert peer.get_by_label("起点").input_value() == "00:02"
    assert peer.get_by_label("终点").input_value() == "00:05"
    peer.get_by_label("观察点").select_option(label="提问")
    peer.get_by_label("观察与诊断").fill("连续七个“对不对”，学生齐答，没有追问理由。")
    peer.get_by_role("button", name="添加切片").click()
    peer.wait_for_url(f"**{detail}")
    assert "已添加切片 00:02–00:05" in peer.inner_text("body")
    # Clicking the slice plays exactly that range and stops at its end.
    wait_for_player(peer)
    peer.get_by_role("button", name="播放片段 00:02–00:05").click()
    peer.wait_for_function("document.getElementById('dx-video-1').dataset.stoppedAt === '5'", timeout=15_000)
    position = peer.eval_on_selector("#dx-video-1", "v => [v.paused, v.currentTime]")
    assert position[0] is True and abs(position[1] - 5) < 0.3

    # ② The school trainer (备课组长) writes the 预诊意见 and closes the step.
    lead = sign_in(open_page, "dx_web_lead", detail)
    lead.get_by_label("预诊意见").fill("问题在提问设计：缺少追问，请区教研员会诊。")
    lead.get_by_role("button", name="保存预诊意见").click()
    assert "预诊意见已保存" in lead.inner_text("body")
    lead.get_by_role("button", name="结束预诊，提交区级研训组会诊").click()
    assert "预诊已结束" in lead.inner_text("body")
    assert step_states(lead)[:3] == ["done", "done", "current"]

    # ③ The county trainer adds a slice by typing the times, replies, holds the 会诊.
    county = sign_in(open_page, "dx_web_county", "/diagnosis/county/")
    county.get_by_role("link", name=f"数学《{LESSON}》").click()
    county.wait_for_url(f"**{detail}")
    county.get_by_label("起点").fill("00:05")
    county.get_by_label("终点").fill("00:07")
    county.get_by_label("观察点").select_option(label="时间分配")
    county.get_by_label("观察与诊断").fill("练习只剩两分钟，当堂检测没有做完。")
    county.get_by_role("button", name="添加切片").click()
    assert "已添加切片 00:05–00:07" in county.inner_text("body")
    county.get_by_label("回复切片 00:02–00:05").fill("可以改成“你是怎么想的？”再请两位学生比较。")
    county.locator("#slice-" + str(Slice.objects.get(start_seconds=2).pk)).get_by_role("button", name="回复").click()
    assert "已回复" in county.inner_text("body")
    assert "可以改成“你是怎么想的？”" in county.locator(".dx-replies").first.inner_text()
    county.get_by_label("会诊时间").fill("2026-12-10T15:00")
    county.get_by_label("会诊地点").fill("岳麓区教师发展中心 302 室")
    county.get_by_role("button", name="保存会诊安排").click()
    assert "会诊已安排" in county.inner_text("body")
    for name in ("林晓", "周敏", "陈校培"):
        county.get_by_label(name, exact=True).check()
    county.get_by_role("button", name="记录出席").click()
    assert "出席已记录" in county.inner_text("body")
    county.get_by_label("会诊意见").fill("关键问题后追问“为什么”；练习时间不少于 8 分钟。")
    county.get_by_role("button", name="结束会诊").click()
    assert "会诊已结束" in county.inner_text("body")
    assert CreditEntry.objects.filter(teacher__username="dx_web_peer", source_key__startswith="diagnosis:").exists()

    # ④ The colleague writes the solution; the county trainer confirms it.
    peer.goto(detail)
    peer.get_by_label("问题解决方案", exact=True).fill(
        "一、每个关键问题准备一个追问；\n二、讲解压缩到 15 分钟，保证 8 分钟练习。"
    )
    peer.get_by_role("button", name="保存解决方案").click()
    assert "解决方案已保存" in peer.inner_text("body")
    county.goto(detail)
    county.get_by_role("button", name="确认方案，请教师实践").click()
    assert "已通知执教教师实践" in county.inner_text("body")

    # ⑤ The teacher teaches again: second recording and reflection, with public consent.
    teacher.goto(detail)
    assert step_states(teacher) == ["done", "done", "done", "done", "current"]
    teacher.get_by_role("link", name="上传改进课与教学反思").click()
    teacher.set_input_files("#id_video", str(second))
    teacher.get_by_label("教学反思").fill("加了追问后，学生能说出“平均分”的理由；练习完成率明显提高。")
    teacher.get_by_label("有学生出镜，已取得监护人书面授权").check()
    teacher.get_by_label("监护人同意的范围").select_option(label="公开")
    teacher.get_by_label("可见范围").select_option(label="公开")
    teacher.get_by_role("button", name="提交改进课并形成典型案例").click()
    teacher.wait_for_url(f"**{detail}")
    assert "典型案例已送资源库审核" in teacher.inner_text("body")
    assert step_states(teacher) == ["done"] * 5
    assert teacher.locator("video").count() == 2
    screenshot(teacher, "diagnosis-done-desktop")
    diagnosis.refresh_from_db()
    assert diagnosis.step == Step.DONE
    case = GeneratedResourcePage.objects.get(pk=diagnosis.case_page_id)
    assert not case.live

    # Review: the school trainer approves the case from the review queue.
    lead.goto("/admin/review/")
    lead.get_by_role("link", name=case.title).first.click()
    lead.wait_for_url(f"**/admin/review/page/{case.pk}/")
    lead.get_by_role("button", name="通过并发布").click()
    lead.wait_for_url(f"**/admin/review/page/{case.pk}/")
    case.refresh_from_db()
    assert case.live

    # A visitor finds the 典型案例 in the library and watches the improved lesson.
    visitor = open_page(library.url)
    visitor.get_by_role("link", name=case.title).first.click()
    assert visitor.locator("h1").inner_text() == case.title
    assert visitor.locator("video").count() == 1
    assert "问题解决方案" in visitor.inner_text("body")
