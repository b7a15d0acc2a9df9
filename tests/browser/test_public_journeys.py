"""End-to-end journeys in headless Chromium against the live test server.

A visitor on a desktop and on a phone finds a 同课异构 case and compares two designs, playing
both recordings; the library filters; search finds a known work; a teacher submits a work for
review through the admin; a lesson goes through the five steps of 课堂切片诊断 and its case
reaches the library (``diagnosis_journey``); a workshop's 同课异构 activity becomes a showcase case
(``same_lesson_journey``). Screenshots of the home page, a case and the
comparison at phone and desktop widths go to ``artifacts/screenshots/``.

The journeys run as one test on purpose: the live server needs a transactional test, Django
flushes the database after each one, and reloading the migrations' data for a second test
(``serialized_rollback``) does not survive Playwright's event loop in this thread. One test,
steps as functions, keeps the browser suite fast and free of that restore.
"""

import re

import pytest

from home.models import Stage, Subject
from resources.models import GeneratedResourcePage
from resources.review.models import ReviewStatus
from showcase.models import ShowcaseIndexPage
from tests.browser.conftest import PHONE, screenshot
from tests.browser.diagnosis_journey import teachers_diagnose_a_lesson_and_the_case_reaches_the_library
from tests.browser.same_lesson_journey import a_same_lesson_activity_becomes_a_showcase_case
from tests.factories import GeneratedResourcePageFactory, SchoolFactory, UserFactory, region
from tests.showcase.conftest import make_case

pytestmark = [
    pytest.mark.requires_service("chromium"),
    pytest.mark.django_db(transaction=True),
]


def test_public_site_and_teacher_journeys(open_page, site_library, tmp_path):
    library = site_library
    showcase = ShowcaseIndexPage.objects.get()
    chinese = {"subject": Subject.objects.get(name="语文"), "stage": Stage.objects.get(name="小学")}
    make_case(library, showcase, lesson="赵州桥", designs=2, **chinese)  # a second case, for the filter
    case = make_case(library, showcase, lesson="勾股定理", designs=3, featured=True)
    GeneratedResourcePageFactory(parent=library, title="初中数学《一次函数的图像》教学设计", slug="yici")
    GeneratedResourcePageFactory(parent=library, title="小学语文《找春天》教学设计", slug="zhao-chuntian", **chinese)

    visitor_on_a_desktop_compares_two_designs_and_plays_both_recordings(open_page, case)
    visitor_on_a_phone_reads_the_case_and_the_comparison(open_page, case)
    visitor_filters_the_library_and_searches(open_page, library)
    visitor_on_a_phone_sees_the_first_result_before_the_filters(open_page, library)
    teacher_submits_a_work_for_review_in_the_admin(open_page, library)
    teacher_shares_a_micro_lecture_from_the_portal(open_page, tmp_path)
    teachers_diagnose_a_lesson_and_the_case_reaches_the_library(open_page, library, tmp_path)
    a_same_lesson_activity_becomes_a_showcase_case(open_page, library, tmp_path)


def play_all_and_wait(page, count: int) -> list[float]:
    page.get_by_role("button", name="同时播放").click()
    page.wait_for_function(
        "n => { const v = [...document.querySelectorAll('.compare video')];"
        " return v.length === n && v.every(x => x.currentTime > 0.6); }",
        arg=count,
        timeout=15_000,
    )
    return page.eval_on_selector_all(".compare video", "vs => vs.map(v => v.currentTime)")


def visitor_on_a_desktop_compares_two_designs_and_plays_both_recordings(open_page, case):
    page = open_page("/")
    assert page.locator("h2", has_text="同课异构 · 编辑推荐").is_visible()
    screenshot(page, "home-desktop")

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="同课异构").click()
    page.get_by_label("学科").select_option("数学")
    page.get_by_role("button", name="筛选").click()
    results = page.locator(".results .card-title")
    assert results.all_inner_texts() == [case.title]

    results.get_by_role("link").click()
    assert page.locator("h1").inner_text() == case.title
    assert page.locator("article.design").count() == 3
    screenshot(page, "case-desktop")

    # Keep the first two designs: untick the third, then compare.
    page.get_by_role("checkbox", name=re.compile("^合作学习版")).uncheck()
    page.get_by_role("button", name="并排对比").click()
    first, second, _ = case.designs.all()
    assert page.url.endswith(f"compare/?d={first.pk}&d={second.pk}")
    assert page.locator(".compare-head h2").all_inner_texts() == ["情境探究版", "任务驱动版"]
    # The two columns sit side by side, aligned: same top, different left.
    boxes = [page.locator(".compare-head").nth(i).bounding_box() for i in range(2)]
    assert boxes[0]["y"] == boxes[1]["y"] and boxes[0]["x"] < boxes[1]["x"]
    # Timelines on one scale: 30 vs 45 minutes, so the second bar's segments reach further right.
    ends = page.eval_on_selector_all(
        ".timeline-bar",
        "bars => bars.map(b => [...b.querySelectorAll('.seg')].pop().getBoundingClientRect().right"
        " - b.getBoundingClientRect().left)",
    )
    assert ends[0] < ends[1]

    times = play_all_and_wait(page, 2)
    assert all(t > 0.6 for t in times)
    page.get_by_role("button", name="同时暂停").click()
    linked_players_follow_one_another(page)
    screenshot(page, "compare-desktop")


def wait_for_times(page, expected: list[float], tolerance: float = 0.15) -> list[float]:
    """Wait until every recording's currentTime is within ``tolerance`` of ``expected``."""
    page.wait_for_function(
        "([want, tol]) => { const v = [...document.querySelectorAll('.compare video')];"
        " return v.length === want.length && v.every((x, i) => Math.abs(x.currentTime - want[i]) < tol); }",
        arg=[expected, tolerance],
        timeout=10_000,
    )
    return page.eval_on_selector_all(".compare video", "vs => vs.map(v => v.currentTime)")


def seek_first_player(page, seconds: float) -> None:
    """What dragging the first player's own scrubber does: set its currentTime."""
    page.eval_on_selector(".compare video", "(v, t) => { v.currentTime = t; }", seconds)


def linked_players_follow_one_another(page):
    page.wait_for_function("[...document.querySelectorAll('.compare video')].every(v => v.readyState >= 1)")
    controls = page.get_by_role("group", name="对比播放控制")
    assert controls.is_visible()
    # Seeking one player moves the other to the same offset (both were paused together).
    start = page.eval_on_selector_all(".compare video", "vs => vs.map(v => v.currentTime)")
    seek_first_player(page, 3.0)
    wait_for_times(page, [3.0, 3.0 + start[1] - start[0]])
    # The bar's skip buttons and speed act on both; so does one player's own speed menu.
    controls.get_by_role("button", name="后退 10 秒").click()
    wait_for_times(page, [0.0, 0.0], tolerance=0.3)
    controls.get_by_role("combobox").select_option("1.5")
    assert page.eval_on_selector_all(".compare video", "vs => vs.map(v => v.playbackRate)") == [1.5, 1.5]
    page.eval_on_selector(".compare video", "v => { v.playbackRate = 2; }")
    page.wait_for_function("[...document.querySelectorAll('.compare video')].every(v => v.playbackRate === 2)")
    # Unlinked, a player moves alone; linked again, they keep the offset set by hand.
    controls.get_by_label("联动播放").uncheck()
    seek_first_player(page, 4.0)
    page.wait_for_timeout(500)  # time for a (wrongly) linked seek to land
    wait_for_times(page, [4.0, 0.0], tolerance=0.3)
    controls.get_by_label("联动播放").check()
    seek_first_player(page, 5.0)
    wait_for_times(page, [5.0, 1.0], tolerance=0.3)


def visitor_on_a_phone_reads_the_case_and_the_comparison(open_page, case):
    page = open_page("/", viewport=PHONE, is_mobile=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "home-phone")

    page.goto(case.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "case-phone")

    first, _, third = case.designs.all()
    page.goto(f"{case.url}compare/?d={first.pk}&d={third.pk}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # Stacked, each as wide as the screen allows, under one control bar.
    boxes = [page.locator(".recordings video").nth(i).bounding_box() for i in range(2)]
    assert boxes[0]["y"] + boxes[0]["height"] <= boxes[1]["y"] and boxes[0]["x"] == boxes[1]["x"]
    assert boxes[0]["width"] > PHONE["width"] * 0.8
    assert page.get_by_role("group", name="对比播放控制").count() == 1
    play_all_and_wait(page, 2)
    page.get_by_role("button", name="同时暂停").click()
    phases_jump_every_recording_to_its_own_lesson(page)
    screenshot(page, "compare-phone")


def phases_jump_every_recording_to_its_own_lesson(page):
    """情境探究版 (30 min) has 小结 at minute 25, 合作学习版 (40 min) 展示小结 at minute 25:
    on the 8-second demo clips that is 25/30 × 8 and 25/40 × 8 seconds."""
    page.wait_for_function("[...document.querySelectorAll('.compare video')].every(v => v.readyState >= 1)")
    page.get_by_role("button", name="跳到「小结」").tap()
    wait_for_times(page, [25 / 30 * 8, 25 / 40 * 8])
    status = page.locator(".sync-status")
    assert "已跳到「小结」" in status.inner_text()
    # Each bar's playhead sits where its recording now is: the start of that lesson's summary.
    page.wait_for_function(
        "[...document.querySelectorAll('.timeline')].every(f => Math.abs("
        "f.querySelector('.playhead').getBoundingClientRect().left"
        " - f.querySelector('.seg.phase-summary').getBoundingClientRect().left) < 4)",
        timeout=10_000,
    )
    # From the keyboard: 拼图探究 exists only in the first lesson; the status says so.
    page.get_by_role("button", name="跳到「拼图探究」").focus()
    page.keyboard.press("Enter")
    wait_for_times(page, [5 / 30 * 8, 25 / 40 * 8])
    assert "合作学习版 没有这一环节" in status.inner_text()


def visitor_filters_the_library_and_searches(open_page, library):
    page = open_page(library.url)
    page.get_by_label("学科").select_option("语文")
    page.get_by_role("button", name="筛选").click()
    titles = page.locator(".results .card-title").all_inner_texts()
    assert "小学语文《找春天》教学设计" in titles
    assert not any("数学" in title or "勾股定理" in title for title in titles)

    page.get_by_label("搜索资源").fill("一次函数")
    page.get_by_label("搜索资源").press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.get_by_role("link", name="初中数学《一次函数的图像》教学设计").first.is_visible()


def visitor_on_a_phone_sees_the_first_result_before_the_filters(open_page, library):
    for path, name in ((library.url, "library-phone"), ("/search/?q=教学设计", "search-phone")):
        page = open_page(path, viewport=PHONE, is_mobile=True)
        first = page.locator(".results .card").first.bounding_box()
        assert first is not None and first["y"] + 40 < PHONE["height"], f"{path}: first result at y={first}"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, name)
        toggle = page.locator("details.filter-panel > summary")
        assert toggle.bounding_box()["height"] >= 24
        toggle.click()
        assert page.locator("details.filter-panel .filters").is_visible()


def teacher_submits_a_work_for_review_in_the_admin(open_page, library):
    school = SchoolFactory(name="天津市第二十中学", region=region("天津市/和平区"))
    UserFactory(username="teacher_web", role="teacher", role__school=school)  # password pass12345
    page = open_page("/accounts/login/?next=/admin/")
    page.locator("#id_username").fill("teacher_web")
    page.locator("#id_password").fill("pass12345")
    page.locator("#id_password").press("Enter")
    page.wait_for_url("**/admin/")

    page.goto(f"/admin/pages/add/resources/generatedresourcepage/{library.pk}/")
    page.locator("#id_title").fill("初中数学《勾股定理》教学设计（网页提交）")
    page.locator("#id_summary").fill("用赵爽弦图引入，学生拼图验证勾股定理。")
    choose_snippet(page, "subject", "数学")
    choose_snippet(page, "stage", "初中")
    page.locator("footer .w-dropdown__toggle, [data-w-dropdown-target='toggle']").last.click()
    page.locator('button[name="action-submit"]').click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/|/admin/pages/\d+/$"))

    work = GeneratedResourcePage.objects.get(title="初中数学《勾股定理》教学设计（网页提交）")
    assert work.review_status == ReviewStatus.IN_REVIEW
    assert work.current_workflow_state is not None and not work.live
    assert work.owner.username == "teacher_web"


def choose_snippet(page, field: str, name: str) -> None:
    """Pick a taxonomy in Wagtail's chooser: open the modal, click the item, wait for it to close."""
    page.locator(f"#id_{field}-chooser button:visible").first.click()
    modal = page.locator(".modal.show, .modal[aria-hidden='false'], [role='dialog']").last
    modal.get_by_role("link", name=name, exact=True).first.click()
    page.wait_for_function(f"document.getElementById('id_{field}').value !== ''")


# Latin words a Chinese page may show: product names and file types.
ALLOWED_LATIN = {"RTPT", "Word", "PowerPoint", "Excel", "MP4", "PDF", "PPT", "ZIP", "JPG", "PNG"}


TAP_TARGETS = """() => [...document.querySelectorAll(
    'button, select, summary, .button, .site-nav a, .account-nav a, .file-picker label, label:has(input[type=checkbox]),'
    + ' input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not(.visually-hidden)')]
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
  .filter(e => { const r = e.getBoundingClientRect(); return r.width < 24 || r.height < 24; })
  .map(e => (e.innerText || e.name || e.tagName).trim().slice(0, 16) + ' ' + Math.round(e.getBoundingClientRect().height))"""


def assert_tap_targets(page) -> None:
    """Controls are at least 24 × 24 px (WCAG 2.2 target size) on a phone."""
    small = page.evaluate(TAP_TARGETS)
    assert not small, f"tap targets under 24 px on {page.url}: {small}"


def assert_chinese(page) -> None:
    words = set(re.findall(r"[A-Za-z]{4,}", page.inner_text("body"))) - ALLOWED_LATIN
    assert not words, f"English on {page.url}: {sorted(words)}"


def teacher_shares_a_micro_lecture_from_the_portal(open_page, tmp_path):
    """The issue's journey from the portal alone, at phone width, screenshots at both widths."""
    from openpyxl import Workbook

    from home.people_import import read_sheet, teachers_import
    from resources.review import services as review
    from tests.training.factories import make_video

    school = SchoolFactory(name="长沙市第一中学", region=region("湖南省/长沙市/岳麓区"))
    trainer = UserFactory(username="trainer_yizhong", role="school_trainer", role__school=school)
    trainer.profile.display_name = "王培训"
    trainer.profile.save()
    editor = UserFactory(username="editor_yuelu", role="editor", role__region=school.region)
    sheet = Workbook()
    sheet.active.append(["姓名", "工号", "学校", "任教学科", "学段", "邮箱"])
    sheet.active.append(["李微课", "20260315", "长沙市第一中学", "数学", "初中", "li.weike@example.cn"])
    workbook = tmp_path / "教师名单.xlsx"
    sheet.save(workbook)
    report = teachers_import(
        rows=read_sheet(data=workbook.read_bytes(), filename=workbook.name),
        actor=editor,
        dry_run=False,
        initial_password="Chushi#2026",
    )
    assert report.error_count == 0
    assert UserFactory._meta.model.objects.get(username="20260315").profile.must_change_password
    files = {}
    for name in ("教学设计", "学习任务单", "课件", "练习"):
        files[name] = tmp_path / f"{name}.pdf"
        files[name].write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    # Over 1 MB: the form sends it with the progress bar (XMLHttpRequest), not a plain submit.
    files["练习"].write_bytes(b"%PDF-1.4\n" + b"%" + b"0" * 1_500_000 + b"\n%%EOF\n")
    video = make_video(tmp_path / "勾股定理微课.mp4", seconds=2)

    page = open_page("/accounts/login/", viewport=PHONE, is_mobile=True)
    assert_chinese(page)
    page.get_by_label("用户名或工号").fill("20260315")
    page.get_by_label("密码").fill("Chushi#2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/accounts/password/change/")  # the initial password must go first
    assert_chinese(page)
    screenshot(page, "teacher-first-login-phone")
    page.get_by_label("当前密码").fill("Chushi#2026")
    page.get_by_label("新密码", exact=True).fill("gougu-dingli-88")
    page.get_by_label("再次输入新密码").fill("gougu-dingli-88")
    page.get_by_role("button", name="保存新密码").click()
    page.wait_for_url("**/accounts/password/change/done/")
    page.goto("/workshops/me/")

    page.get_by_role("link", name="我的作品").first.click()
    page.wait_for_url("**/workshops/me/works/")
    page.get_by_role("link", name="新建作品").first.click()
    page.wait_for_url("**/workshops/me/works/new/")  # "load": the form's script has run
    assert_chinese(page)
    assert_tap_targets(page)
    assert page.locator(".file-picker label", has_text="选择文件").count() == 6  # no "Choose File"
    stage = Stage.objects.get(name="初中")
    page.get_by_label("作品类型").select_option(label="微课")
    assert "教学设计、学习任务单、课件、练习" in page.locator("#kind-requirement").inner_text()
    page.get_by_label("标题").fill("初中数学微课《勾股定理的证明》")
    page.get_by_label("学段").select_option(label="初中")
    page.get_by_label("年级").select_option(value=str(stage.grades.first().pk))
    page.locator("#id_subject").select_option(label="数学")
    page.get_by_label("摘要").fill("用赵爽弦图拼图证明勾股定理，十分钟讲清思路。")
    page.get_by_label("正文").fill("## 教学目标\n\n经历拼图证明的过程。")
    page.set_input_files("#id_video", str(video))
    page.set_input_files("#id_file_teaching_design", str(files["教学设计"]))
    page.set_input_files("#id_file_task_sheet", str(files["学习任务单"]))
    page.set_input_files("#id_file_courseware", str(files["课件"]))
    page.set_input_files("#id_file_exercise", str(files["练习"]))
    screenshot(page, "teacher-work-form-phone")
    page.get_by_role("button", name="保存并提交审核").click()
    page.wait_for_url(re.compile(r"/workshops/me/works/\d+/$"))
    assert "已提交校内审核" in page.inner_text("body")
    assert_tap_targets(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_chinese(page)

    work = GeneratedResourcePage.objects.get(title="初中数学微课《勾股定理的证明》")
    assert work.review_status == ReviewStatus.IN_REVIEW
    review.resource_review_decide(
        task_state=work.current_workflow_task_state, user=trainer, action="reject", comment="请补充板书设计。"
    )
    page.goto("/workshops/me/inbox/")
    assert "请补充板书设计。" in page.inner_text("body")
    assert_chinese(page)
    assert_tap_targets(page)
    screenshot(page, "teacher-inbox-phone")
    page.locator(".inbox a").first.click()
    page.wait_for_url(re.compile(r"/workshops/me/works/\d+/$"))
    page.get_by_role("link", name="修改", exact=True).click()
    page.wait_for_url(re.compile(r"/workshops/me/works/\d+/edit/$"))
    assert_chinese(page)
    page.get_by_label("正文").fill("## 教学目标\n\n经历拼图证明的过程。\n\n## 板书设计\n\n左图右式。")
    page.get_by_role("button", name="保存并提交审核").click()
    page.wait_for_url(re.compile(r"/workshops/me/works/\d+/$"))
    assert "已重新提交" in page.inner_text("body")
    assert_chinese(page)

    reviewer = open_page("/accounts/login/", viewport=PHONE, is_mobile=True)
    reviewer.get_by_label("用户名或工号").fill("trainer_yizhong")
    reviewer.get_by_label("密码").fill("pass12345")
    reviewer.get_by_role("button", name="登录").click()
    reviewer.wait_for_url("**/admin/review/")  # a trainer lands on the review queue
    assert "初中数学微课《勾股定理的证明》" in reviewer.inner_text("body")
    assert reviewer.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_chinese(reviewer)
    screenshot(reviewer, "trainer-queue-phone")

    work.refresh_from_db()
    review.resource_review_decide(task_state=work.current_workflow_task_state, user=trainer, action="approve")
    desktop = open_page("/accounts/login/")
    desktop.get_by_label("用户名或工号").fill("20260315")
    desktop.get_by_label("密码").fill("gougu-dingli-88")
    desktop.get_by_role("button", name="登录").click()
    desktop.wait_for_url("**/workshops/me/")
    desktop.goto("/workshops/me/works/")
    assert "已发布" in desktop.inner_text("body")
    assert_chinese(desktop)
    screenshot(desktop, "teacher-works-desktop")
    work.refresh_from_db()
    desktop.goto(work.url)
    assert "板书设计" in desktop.inner_text("body") and desktop.locator("video").count() == 1
    assert_chinese(desktop)
    screenshot(desktop, "teacher-work-published-desktop")
