"""Issue #17's Done-when chain for the research pages: measurements written through
``scores_replace`` (as the surveys app does) → the county trainer's heat map names the weakest
dimension → matching shows the course that covers it → a teacher of that group sees that course
recommended, with the reason, on their 数字画像 and on their personal space."""

import re

import pytest

from home.models import HomePage
from tests.research.helpers import content
from workshops.models import WorkshopIndexPage

pytestmark = pytest.mark.django_db
REASON = "你的“作业设计”低于本县初中数学教师平均"


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_trainer_heat_map_to_matching_to_the_teachers_recommendation(client, baseline):
    pages = content(baseline)

    client.force_login(baseline.county)
    heat = client.get("/research/heatmap/", {"stage": "初中", "subject": "数学"}).content.decode()
    assert "最薄弱维度：<strong>作业设计</strong>" in heat
    assert 'href="/research/matching/"' in heat

    matching = client.get("/research/matching/").content.decode()
    homework = re.search(r'<li data-dimension="homework_design">.*?</li>\s*</ul>', matching, re.S).group(0)
    assert "课程：" in _text(homework) and pages["homework"].url in homework
    assert "暂无覆盖该维度" not in homework

    teacher = baseline.teachers_a[0]
    client.force_login(teacher)
    portrait = _text(client.get("/research/me/").content.decode())
    assert f"课程 {pages['homework'].title} {REASON}" in portrait

    index = WorkshopIndexPage.objects.first()
    if index is None:
        index = WorkshopIndexPage(title="教师工作坊", slug="workshops")
        HomePage.objects.get().add_child(instance=index)
    space = _text(client.get(index.url + index.reverse_subpage("personal_space")).content.decode())
    assert f"课程 {pages['homework'].title} {REASON}" in space
