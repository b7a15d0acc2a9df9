"""精准施训: per group the weakest dimensions and what covers them; "no coverage" said aloud."""

import pytest

from research.matching import matching
from research.models import DimensionScore
from tests.research.helpers import content

pytestmark = pytest.mark.django_db
URL = "/research/matching/"


def test_weakest_dimensions_per_group_with_their_courses(client, baseline):
    pages = content(baseline)
    groups = matching(DimensionScore.objects.all())
    assert [g.label for g in groups] == ["初中数学"]
    weakest = groups[0].weakest
    assert [w.dimension.code for w in weakest] == ["homework_design", "assessment", "classroom_teaching"]
    homework = weakest[0]
    assert [i.title for i in homework.covers["课程"]] == ["初中数学分层作业设计"]  # not the draft nor the restricted
    assert not weakest[1].covered

    client.force_login(baseline.county)
    html = client.get(URL).content.decode()
    assert "初中数学分层作业设计" in html and pages["homework"].url in html
    assert "作业设计草稿课程" not in html and "作业设计内部课程" not in html
    assert "暂无覆盖该维度的课程" in html


def test_only_county_trainers_and_editors(client, baseline):
    for user in (baseline.teachers_a[0], baseline.school_trainer):
        client.force_login(user)
        assert client.get(URL).status_code == 403
    client.force_login(baseline.other_county)
    assert "还没有足够的测量数据" in client.get(URL).content.decode()
    client.force_login(baseline.editor)
    assert client.get(URL).status_code == 200
