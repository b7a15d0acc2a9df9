"""The trainers' heat map: means per dimension × school or subject, the ≥5 rule, the weakest
dimension, filters and scope."""

import re

import pytest

from research.baseline import heat_map
from research.models import DimensionScore
from tests.research.conftest import write_scores

pytestmark = pytest.mark.django_db
URL = "/research/heatmap/"


def _row(html: str, code: str) -> str:
    return re.search(rf'<tr[^>]*data-dimension="{code}".*?</tr>', html, re.S).group(0)


def test_county_trainer_sees_school_means_and_too_small_groups_hidden(client, baseline):
    client.force_login(baseline.county)
    html = client.get(URL).content.decode()
    homework = _row(html, "homework_design")
    # School A: six teachers, scores 40, 56, 57, 58, 59, 60 -> mean 55.0; school B has three.
    assert ">55.0<" in homework
    assert "不足5人" in homework
    assert "rs-weakest" in homework and "最薄弱" in homework
    assert "最薄弱维度：<strong>作业设计</strong>" in html
    assert "岳麓二中" in html and "岳麓实验中学" in html


def test_heat_map_values_and_weakest_from_the_service(baseline):
    heat = heat_map(DimensionScore.objects.all(), by="school")
    assert [c.name for c in heat.columns] == ["岳麓二中", "岳麓实验中学"]
    rows = {row.dimension.code: row for row in heat.rows}
    school_b, school_a = rows["homework_design"].cells
    assert (school_a.value, school_a.count) == (55.0, 6)
    assert (school_b.value, school_b.count) == (None, 3)
    assert heat.weakest.code == "homework_design"
    assert rows["homework_design"].overall.value == pytest.approx((40 + sum(56 + i for i in range(8))) / 9, abs=0.05)


def test_by_subject_and_filters(client, baseline):
    other = baseline.teachers_a[1]
    # A 语文 measurement alone: one cell, under 5.
    from home.models import TeacherProfile

    profile = TeacherProfile.objects.get(user=other)
    profile.subjects.set([baseline.chinese])
    write_scores(other, {"homework_design": 90}, "survey-response:chinese")
    client.force_login(baseline.county)
    html = client.get(URL, {"by": "subject"}).content.decode()
    assert '<th scope="col">数学</th>' in html and '<th scope="col">语文</th>' in html
    html = client.get(URL, {"subject": "语文"}).content.decode()
    assert '<th scope="col">数学</th>' not in html
    html = client.get(URL, {"subject": "火星语"}).content.decode()
    assert "没有名为“火星语”的学科" in html


def test_scope_teacher_refused_other_county_sees_nothing_school_trainer_own_school(client, baseline):
    client.force_login(baseline.teachers_a[0])
    assert client.get(URL).status_code == 403
    client.force_login(baseline.other_county)
    html = client.get(URL).content.decode()
    assert "岳麓实验中学" not in html and "还没有能力测量数据" in html
    client.force_login(baseline.school_trainer)
    html = client.get(URL).content.decode()
    assert "岳麓实验中学" in html and "岳麓二中" not in html
    client.logout()
    assert client.get(URL).status_code == 302


def test_post_is_refused(client, baseline):
    client.force_login(baseline.county)
    assert client.post(URL).status_code == 405
