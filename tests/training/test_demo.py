"""The training demo (called by ``load_demo``) reads like real courses to the teachers who take them."""

import io

import pytest

from django.test import Client

from home.models import Stage, Subject, TeacherProfile
from resources import demo_corpus
from tests.factories import SchoolFactory, UserFactory
from training.demo import load_demo
from training.models import Assignment, CoursePage, LessonRecordingPage, MicroLecturePage

pytestmark = pytest.mark.django_db


@pytest.mark.requires_service("ffmpeg")
def test_demo_courses_and_submissions_speak_to_the_teachers_who_take_them():
    school = SchoolFactory(name="长沙市岳麓区第一小学")
    for n in range(1, 9):
        UserFactory(username=f"teacher{n:03d}", role="teacher", role__school=school)
    UserFactory(username="county_yuelu", role="county_trainer")
    # teacher002 teaches 小学语文; teacher003 has no subject on record.
    profile = TeacherProfile.objects.get(user__username="teacher002")
    profile.stage = Stage.objects.get(name="小学")
    profile.save()
    profile.subjects.add(Subject.objects.get(name="语文"))
    load_demo(stdout=io.StringIO())

    # Nothing on the course pages is written for the developers.
    pages = [*CoursePage.objects.live(), *MicroLecturePage.objects.live(), *LessonRecordingPage.objects.live()]
    for page in pages:
        html = Client().get(page.url).content.decode()
        assert "演示" not in html and "体验审核" not in html, page.url
    # The recording is the 人教版 八年级下册 lesson it names.
    lesson = demo_corpus.find_lesson("初中", "数学", "勾股定理")
    recording = LessonRecordingPage.objects.get(slug="pythagoras-lesson")
    # One demo lesson's guardians agreed to its school only: a 404 to the public, watched in the school.
    held = LessonRecordingPage.objects.get(slug="school-only-lesson")
    assert Client().get(held.url).status_code == 404 and Client().get(recording.url).status_code == 200
    colleague = Client()
    colleague.force_login(UserFactory._meta.model.objects.get(username="teacher002"))
    assert colleague.get(held.url).status_code == 200
    assert f"{lesson['grade']}{lesson['book']}" in recording.summary
    # The whole 45-minute lesson (drawn with ffmpeg), its slices minutes apart inside it.
    slices = [(s.start_seconds, s.end_seconds) for s in recording.get_slices()]
    assert recording.video.duration == 45 * 60
    assert all(0 <= start < end <= recording.video.duration for start, end in slices)
    assert slices[-1][0] >= 30 * 60

    # A draft of a unit design is about a unit of the subject its teacher teaches.
    drafts = {
        s.teacher.username: s.text for s in Assignment.objects.get(title="单元整体教学设计初稿").submissions.all()
    }
    chinese = {
        f"《{row['name']}》" for row in demo_corpus.LESSONS if (row["stage"], row["subject"]) == ("小学", "语文")
    }
    chinese |= {f"“{row['unit']}”" for row in demo_corpus.LESSONS if row["subject"] == "语文"}
    chinese |= {row["grade"] + row["book"] + row["unit"] for row in demo_corpus.LESSONS if row["subject"] == "语文"}
    assert "勾股定理" not in drafts["teacher002"]
    assert any(name in drafts["teacher002"] for name in chinese), drafts["teacher002"]
    assert "勾股定理" in drafts["teacher003"]  # no subject on record: the course's own example unit
    # The slice-diagnosis exercise holds diagnoses of slices, not unit designs.
    diagnoses = Assignment.objects.get(title="切片诊断练习").submissions.all()
    assert diagnoses and all("切片" in s.text for s in diagnoses)
