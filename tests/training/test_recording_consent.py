"""A course's 课堂实录 whose guardians agreed to the school only (学生出镜授权): a learner of
another school neither sees it in the outline nor needs it to complete the course; a learner
of the school watches it; the editor is told in the course's rule warnings."""

from __future__ import annotations

import pytest

from home.consent import consent_record
from home.models import RecordingAudience as A
from tests.review.conftest import world as world  # noqa: F401  (the fixture)
from training import services
from training.selectors import course_progress

from . import factories as f


@pytest.fixture
def held(world):
    course = f.course(title="课堂观察研修")
    module = f.module(course, required=True)
    shown = f.recording(module)
    held = f.recording(module, public=False)
    consent_record(
        held.video, confirmed_by=world.teacher, consent_audience=A.SCHOOL, visibility=A.SCHOOL, school=world.a1
    )
    return course, module, shown, held


def test_the_outline_leaves_out_a_recording_the_learner_may_not_watch(client, world, held):
    course, module, shown, held_page = held
    for teacher in (world.teacher_other, world.teacher_same_school):
        services.course_enrol(course=course, teacher=teacher)
    client.force_login(world.teacher_other)
    outline = client.get(module.url).content.decode()
    assert shown.url in outline and held_page.url not in outline
    assert client.get(held_page.url).status_code == 404
    assert [item.url for item in course_progress(course=course, user=world.teacher_other).modules[0].items] == [
        shown.url
    ]
    client.force_login(world.teacher_same_school)
    assert held_page.url in client.get(module.url).content.decode()
    assert client.get(held_page.url).status_code == 200
    assert len(course_progress(course=course, user=world.teacher_same_school).modules[0].items) == 2


def test_the_editor_is_warned_of_a_recording_without_public_consent(held):
    course, _, shown, held_page = held
    warnings = course.rule_warnings()
    assert any(f"课堂实录《{held_page.title}》未获公开授权" in w for w in warnings)
    consent_record(held_page.video, consent_audience=A.PUBLIC, visibility=A.PUBLIC)
    course.refresh_from_db()
    assert not any("未获公开授权" in w for w in course.rule_warnings())


def test_the_sitemap_lists_only_the_recording_with_public_consent(client, held):
    _, _, shown, held_page = held
    sitemap = client.get("/sitemap.xml").content.decode()
    assert shown.full_url in sitemap and held_page.full_url not in sitemap
