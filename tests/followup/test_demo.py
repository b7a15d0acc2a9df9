"""The demo loader (``FollowupConfig.demo_loader``) fills every screen and is idempotent."""

import io

import pytest

from django.apps import apps
from django.utils.module_loading import import_string

from followup import results, selectors
from followup.demo import PROJECT
from followup.models import EvaluationAnswer, FollowUpTask, GuidanceNote, MentorAssignment, TrainingProject
from tests.factories import SchoolFactory, UserFactory, region
from tests.training import factories as training
from tests.workshops.conftest import make_workshop
from workshops.models import WorkshopIndexPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_world(library):
    yuelu = region("湖南省/长沙市/岳麓区")
    first = SchoolFactory(name="长沙市岳麓区第一小学", region=yuelu)
    other = SchoolFactory(name="长沙市麓山国际实验学校", region=yuelu)
    county = UserFactory(username="county_yuelu", role="county_trainer", role__region=yuelu)
    UserFactory(username="school_yuelu1", role="school_trainer", role__school=first)
    UserFactory(username="school_lushan", role="school_trainer", role__school=other)
    for n in range(1, 10):
        UserFactory(username=f"teacher{n:03d}", role="teacher", role__school=first if n <= 4 else other)
    training.course(title="单元整体教学设计")
    make_workshop(WorkshopIndexPage.objects.get(), title="岳麓区小学数学工作坊", host=county, region=yuelu)


def test_the_demo_fills_every_screen_and_runs_twice(demo_world):
    loader = import_string(apps.get_app_config("followup").demo_loader)
    loader(stdout=io.StringIO())
    counts = (EvaluationAnswer.objects.count(), GuidanceNote.objects.count(), FollowUpTask.objects.count())
    loader(stdout=io.StringIO())
    assert (EvaluationAnswer.objects.count(), GuidanceNote.objects.count(), FollowUpTask.objects.count()) == counts
    project = TrainingProject.objects.get(name=PROJECT)
    shown = {r.kind: r for r in results.project_results(project)}
    assert shown["project"].shown and shown["project"].count == 8
    assert not shown["course"].shown  # 3 answers: the ≥ 5 rule
    assert results.project_grade(project).grade == "良好"
    assert MentorAssignment.objects.filter(mentor__username="school_yuelu1").count() == 3
    labels = {c.label for row in selectors.three_table(project) for c in row.cells}
    assert {"已通过", "审核中", "退回修改", "未通过", "草稿", "未提交"} <= labels
    assert TrainingProject.objects.count() == 2
