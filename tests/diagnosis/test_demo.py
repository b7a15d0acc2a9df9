"""The diagnosis demo loader (``DiagnosisConfig.demo_loader``): one diagnosis at every point of
the five steps in 岳麓区, built through the services, and idempotent."""

import io

import pytest

from diagnosis import demo
from diagnosis.models import Diagnosis, Reply, Slice, Step
from resources.review.models import ReviewStatus
from tests.factories import SchoolFactory, UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def yuelu():
    from home.models import Stage

    school = SchoolFactory(
        name=demo.SCHOOL, region=region("湖南省/长沙市/岳麓区"), stage=Stage.objects.get(name="小学")
    )
    UserFactory(username="school_yuelu1", role="school_trainer", role__school=school)
    UserFactory(username="county_yuelu", role="county_trainer", role__region=school.region)
    for n in range(3):
        UserFactory(username=f"yl_teacher{n}", role="teacher", role__school=school)
    return school


def test_a_diagnosis_at_every_step_with_slices_replies_and_a_case_in_review(yuelu, library, monkeypatch):
    monkeypatch.setattr(demo, "demo_lesson_video", lambda **kwargs: None)  # as on a machine without ffmpeg
    out = io.StringIO()
    demo.load_demo(stdout=out)
    diagnoses = Diagnosis.objects.order_by("pk")
    assert sorted(d.step for d in diagnoses) == [2, 2, 3, 4, 5, 6]
    assert {d.school for d in diagnoses} == {yuelu}
    fresh = diagnoses.get(lesson_title=demo.LESSONS[0][0])
    assert fresh.step == Step.PRE_DIAGNOSIS and not fresh.slices.exists()
    consultation = diagnoses.get(step=Step.CONSULTATION)
    assert consultation.consultation_at and consultation.slices.filter(step=Step.CONSULTATION).count() == 1
    assert consultation.slices.get(step=Step.CONSULTATION).author.username == "county_yuelu"
    for d in diagnoses.exclude(pk=fresh.pk):
        assert d.slices.count() >= 2 and Reply.objects.filter(slice__diagnosis=d).count() >= 4
        # Without ffmpeg the 20-second clip stands in; the slices keep their place in proportion.
        assert all(s.end_seconds <= d.recording.duration for s in d.slices.all())
        assert d.recording.consent.visibility == "group"
    done = diagnoses.get(step=Step.DONE)
    assert done.second_recording and done.reflection and done.attendance.exists()
    assert done.case_page.review_status == ReviewStatus.IN_REVIEW and not done.case_page.live
    assert "未找到 ffmpeg" in out.getvalue() and "/diagnosis/" in out.getvalue()

    demo.load_demo(stdout=io.StringIO())
    assert Diagnosis.objects.count() == len(demo.LESSONS) and Slice.objects.filter(diagnosis=fresh).count() == 0


def test_skips_quietly_without_the_demo_school(db):
    out = io.StringIO()
    demo.load_demo(stdout=out)
    assert not Diagnosis.objects.exists() and "跳过" in out.getvalue()
