"""The teacher's 数字画像: a server-side SVG radar against the group mean, and the gaps with the
descriptors of their stage and the next."""

import pytest

from research.baseline import portrait
from research.radar import radar

pytestmark = pytest.mark.django_db
URL = "/research/me/"


def test_radar_and_gaps_against_the_county_stage_subject_group(client, baseline):
    teacher = baseline.teachers_a[0]
    mine = portrait(teacher)
    assert mine.group_label == "岳麓区初中数学教师"
    axes = {a["dimension"].code: a for a in mine.axes}
    assert axes["homework_design"]["own"] == 40.0
    assert axes["homework_design"]["group"] == 57.3  # (40 + 56 + … + 63) / 9
    assert [g.dimension.code for g in mine.gaps][0] == "homework_design"
    gap = mine.gaps[0]
    assert gap.now == "能独立、规范地开展作业设计，符合课程标准的基本要求。"
    assert gap.next_stage == "骨干教师" and "创造性地开展作业设计" in gap.next

    client.force_login(teacher)
    html = client.get(URL).content.decode()
    assert '<svg class="rs-radar"' in html and 'class="own"' in html and 'class="group"' in html
    assert "http" not in html.split('<svg class="rs-radar"')[1].split("</svg>")[0].replace("http://www.w3.org", "")
    assert "结构洞" in html and "下一阶段（骨干教师）目标" in html


def test_radar_geometry_puts_100_on_the_rim_and_needs_three_axes(baseline):
    axes = portrait(baseline.teachers_a[0]).axes
    chart = radar([{**a, "own": 100, "group": None} for a in axes])
    first = chart.own.split()[0]
    assert first == "210.0,70.0"  # the first axis points up: centre 210, radius 140
    assert chart.group == ""
    assert radar(axes[:2]) is None


def test_a_teacher_without_scores_is_told_how_to_get_them(client, world):
    client.force_login(world.teachers_b[0])
    html = client.get(URL).content.decode()
    assert "还没有你的能力测量数据" in html


def test_anonymous_rows_count_for_the_group_but_not_for_the_teacher(client, world):
    from tests.research.conftest import write_scores

    teacher = world.teachers_a[0]
    for i, other in enumerate(world.teachers_a[1:] + world.teachers_b[:1]):
        write_scores(other, {"homework_design": 80}, f"anon-{i}", anonymous=True)
    write_scores(teacher, {"homework_design": 50, "lesson_design": 70, "assessment": 70}, "mine")
    mine = portrait(teacher)
    axes = {a["dimension"].code: a for a in mine.axes}
    assert axes["homework_design"]["own"] == 50.0
    assert axes["homework_design"]["group"] == 75.7  # seven rows: 6 × 80 + 50
    assert axes["lesson_design"]["group"] is None  # one row: not shown
