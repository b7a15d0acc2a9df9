"""Page types: where they may be created, how they render, the guide's rules as warnings."""

import io
from decimal import Decimal

import pytest

from django.test import Client

from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from tests.factories import UserFactory
from training.demo import load_demo
from training.models import (
    CourseIndexPage,
    CourseModulePage,
    CoursePage,
    LessonRecordingPage,
    MicroLecturePage,
)

from . import factories as f

pytestmark = pytest.mark.django_db


class TestPageTree(WagtailPageTestCase):
    def test_tree_rules(self):
        self.assertCanCreateAt(HomePage, CourseIndexPage)
        self.assertCanCreateAt(CourseIndexPage, CoursePage)
        self.assertCanCreateAt(CoursePage, CourseModulePage)
        self.assertCanCreateAt(CourseModulePage, MicroLecturePage)
        self.assertCanCreateAt(CourseModulePage, LessonRecordingPage)
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanNotCreateAt(CoursePage, MicroLecturePage)
        self.assertCanNotCreateAt(CourseIndexPage, CourseModulePage)

    def test_pages_render(self):
        course = f.course()
        module = f.module(course)
        lecture = f.lecture(module)
        recording = f.recording(module)
        for page in (course.get_parent(), course, module, lecture, recording):
            self.assertPageIsRenderable(page)


def test_recording_lists_linkable_slices_that_jump_the_player(client):
    module = f.module(f.course())
    recording = f.recording(module, slices=((65, 90, "小组讨论"), (5, 20, "情境导入")))
    html = client.get(recording.url).content.decode()
    first, second = list(recording.get_slices())
    assert html.index("情境导入") < html.index("小组讨论")  # listed in time order
    assert f'id="{first.anchor}"' in html
    assert f'href="?t=65#{second.anchor}"' in html
    assert "01:05–01:30" in html
    assert "小组讨论环节诊断意见" in html


def test_video_route_answers_ranges_for_seeking(client):
    lecture = f.lecture(f.module(f.course()))
    url = lecture.url + "video/"
    whole = client.get(url)
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    size = len(b"".join(whole.streaming_content))
    part = client.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{size}"
    assert len(b"".join(part.streaming_content)) == 100
    assert client.get(url, HTTP_RANGE=f"bytes={size + 10}-").status_code == 416


def test_guide_rules_are_warnings_for_editors():
    course = f.course()
    required = f.module(course, required=True, online="4", offline="0")
    f.lecture(required, duration=10 * 60)  # 10 minutes of micro-lecture against 4 online hours
    f.module(course, required=False, online="2", offline="1")
    warnings = course.rule_warnings()
    assert any("四分之一" in w and "线上学时 4" in w for w in warnings)
    assert any("选修内容合计 3" in w and "2 倍" in w for w in warnings)

    # 10 + 3 × 14 = 52 minutes ≥ one 45-minute class hour = 4/4; electives 3 + 5 = 8 hours ≥ 2 × 4.
    for _ in range(3):
        f.lecture(required, duration=14 * 60)
    f.module(course, required=False, online="5", offline="0")
    assert course.rule_warnings() == []


def test_course_without_required_module_is_warned():
    course = f.course()
    f.module(course, required=False)
    assert any("没有必修模块" in w for w in course.rule_warnings())


def test_edit_view_shows_rule_warnings_panel(client):
    admin = f.superuser()
    course = f.course()
    f.module(course, required=True, online="4")
    client.force_login(admin)
    response = client.get(f"/admin/pages/{course.pk}/edit/")
    assert response.status_code == 200
    assert "国家指南规则检查" in response.content.decode()
    assert "四分之一" in response.content.decode()


def test_demo_loader_is_idempotent_and_prints_guidance():
    for name in [
        "teacher001",
        "teacher002",
        "teacher003",
        "teacher004",
        "teacher005",
        "teacher006",
        "teacher007",
        "teacher008",
        "county_yuelu",
        "school_yuelu1",
    ]:
        UserFactory(username=name)
    out = io.StringIO()
    load_demo(stdout=out)
    counts = (CoursePage.objects.count(), MicroLecturePage.objects.count(), CourseModulePage.objects.count())
    assert counts[0] >= 3
    load_demo(stdout=io.StringIO())
    assert (CoursePage.objects.count(), MicroLecturePage.objects.count(), CourseModulePage.objects.count()) == counts
    text = out.getvalue()
    assert "teacher001" in text and "too_long_16min.mp4" in text
    lecture = MicroLecturePage.objects.get(slug="what-is-unit-teaching")
    assert lecture.video.duration == pytest.approx(8.0)
    assert len(lecture.quiz) == 3
    phases = {a.title: a for a in __import__("training.models", fromlist=["Assignment"]).Assignment.objects.all()}
    assert phases["单元整体教学设计初稿"].round.allocated_at is not None
    assert phases["设计一条问题链"].submissions.count() == 0
    finished = phases["切片诊断练习"]
    assert all(s.final_score is not None for s in finished.submissions.all())
    assert finished.submissions.filter(override_score=Decimal("27")).exists()
    assert "无法同伴互评" in phases["提交一份微课脚本"].round.note
    # The demo lesson recording carries its teaching design and courseware as real Word files.
    recording = LessonRecordingPage.objects.get(slug="pythagoras-lesson")
    for document in (recording.teaching_design, recording.courseware):
        assert document.file.name.endswith(".docx") and document.file.size > 1000
    html = Client().get(recording.url).content.decode()
    assert "《勾股定理》第一课时教学设计（王晓燕）" in html and "《勾股定理》第一课时课件（讲义版）" in html
    # They download while the recording is published, and not once it is unpublished.
    for document in (recording.teaching_design, recording.courseware):
        response = Client().get(document.url)
        assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"PK"  # a .docx (zip)
    recording.unpublish()
    assert Client().get(recording.teaching_design.url).status_code == 404
