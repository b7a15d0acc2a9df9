"""Issue #17's "Done when", across the apps and through the portal's own pages only: a county
trainer builds a diagnosis survey for 岳麓区 初中数学 and sends it; the group's teachers answer it;
the trainer's heat map names the weakest dimension, matching shows the course that covers it, and
a teacher of that group finds that course recommended with the reason.

The survey is real-name (实名): only then does a teacher's own answer become their 数字画像 and a
personal gap. An anonymous survey feeds the group's heat map alone (tests/research/test_portrait.py,
tests/surveys/test_anonymity.py)."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest

from research.models import CapabilityDimension
from surveys.models import Survey
from tests.research.helpers import content
from tests.surveys.conftest import TODAY

pytestmark = pytest.mark.django_db
REASON = "你的“作业设计”低于本县初中数学教师平均"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_trainers_survey_becomes_heat_map_matching_and_a_teachers_recommendation(client, world):
    pages = content(SimpleNamespace(maths=world.math, junior=world.junior))
    teachers = world.junior_math(6, world.school_a) + world.junior_math(3, world.school_b)

    # The county trainer builds and sends the survey in the portal.
    client.force_login(world.county)
    client.post(
        "/surveys/new/",
        {
            "title": "岳麓区初中数学教师能力诊断",
            "opens_on": TODAY.isoformat(),
            "closes_on": (TODAY + timedelta(days=14)).isoformat(),
            "region": world.yuelu.pk,
            "stage": world.junior.pk,
            "subject": world.math.pk,
        },
    )
    survey = Survey.objects.get()
    assert not survey.anonymous
    for text, code in [
        ("我能为不同层次的学生设计分层作业", "homework_design"),
        ("我能做好单元整体教学设计", "lesson_design"),
    ]:
        dimension = CapabilityDimension.objects.get(code=code)
        built = client.post(
            f"/surveys/{survey.pk}/build/",
            {"kind": "likert", "text": text, "required": "on", "scale_max": "5", "dimension": dimension.pk},
        )
        assert built.status_code == 302
    client.post(f"/surveys/{survey.pk}/publish/")
    survey.refresh_from_db()
    assert survey.published
    homework_q, lesson_q = survey.questions.order_by("sort_order")

    # The group answers: 作业设计 is weak for everyone, weakest for the first teacher.
    for i, teacher in enumerate(teachers):
        client.force_login(teacher)
        assert "岳麓区初中数学教师能力诊断" in client.get("/surveys/").content.decode()
        answered = client.post(
            f"/surveys/{survey.pk}/",
            {f"q{homework_q.pk}": "1" if i == 0 else "3", f"q{lesson_q.pk}": "4" if i % 2 else "5"},
            follow=True,
        )
        assert answered.status_code == 200 and "感谢" in answered.content.decode()
    assert survey.respondents.count() == len(teachers)

    client.force_login(world.county)
    heat = client.get("/research/heatmap/", {"stage": "初中", "subject": "数学"}).content.decode()
    assert "最薄弱维度：<strong>作业设计</strong>" in heat
    matching = client.get("/research/matching/").content.decode()
    homework = re.search(r'<li data-dimension="homework_design">.*?</li>\s*</ul>', matching, re.S).group(0)
    assert pages["homework"].url in homework and "暂无覆盖该维度" not in homework
    assert pages["draft"].title not in matching and pages["secret"].title not in matching

    client.force_login(teachers[0])
    portrait = _text(client.get("/research/me/").content.decode())
    assert f"课程 {pages['homework'].title} {REASON}" in portrait
    assert pages["draft"].title not in portrait and pages["secret"].title not in portrait
