"""The demo loader (``SurveysConfig.demo_loader``): a diagnosis survey with 作业设计 clearly the
weakest dimension, and a real-name workshop survey; running it twice changes nothing."""

import io

import pytest

from django.apps import apps
from django.db.models import Avg
from django.utils.module_loading import import_string

from research.models import DimensionScore
from surveys.models import Respondent, Response, Survey
from tests.factories import UserFactory, region
from tests.workshops.conftest import add_member, make_workshop
from workshops.models import WorkshopIndexPage

pytestmark = pytest.mark.django_db


def test_demo_surveys_show_the_homework_gap_and_load_once():
    yuelu = region("湖南省/长沙市/岳麓区")
    trainer = UserFactory(username="county_yuelu", role="county_trainer", role__region=yuelu)
    workshop = make_workshop(WorkshopIndexPage.objects.get(), title="岳麓区小学数学教师工作坊", host=trainer)
    for i in range(7):
        add_member(workshop, UserFactory(username=f"member{i}", role="teacher"))
    loader = import_string(apps.get_app_config("surveys").demo_loader)
    out = io.StringIO()
    loader(stdout=out)
    loader(stdout=out)

    diagnosis = Survey.objects.get(anonymous=True)
    assert diagnosis.created_by == trainer and diagnosis.audience_label() == "湖南省/长沙市/岳麓区 + 初中 + 数学"
    assert diagnosis.responses.count() == 12 and not diagnosis.responses.exclude(user=None).exists()
    means = dict(DimensionScore.objects.filter(source="survey").values_list("dimension__code").annotate(Avg("score")))
    weakest = min(means, key=means.get)
    assert weakest == "homework_design"
    assert sorted(means.values())[1] - means["homework_design"] > 15

    feedback = Survey.objects.get(anonymous=False)
    assert feedback.workshop_id == workshop.pk and feedback.responses.count() == 6
    assert Response.objects.count() == 18 and Respondent.objects.count() == 18
    assert "12 份答卷" in out.getvalue()
