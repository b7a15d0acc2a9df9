"""Results: per-question charts and cross-tabs for the builder and those above them, the ≥ 5
rule for anonymous surveys (charts, cross-tab cells, text answers, exports), CSV and XLSX."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.surveys.conftest import build_survey, submit

pytestmark = pytest.mark.django_db


def _survey_with(world, *, a: int, b: int, anonymous=True):
    survey = build_survey(
        by=world.county, anonymous=anonymous, region=world.yuelu, stage=world.junior, subject=world.math
    )
    for i, teacher in enumerate(world.junior_math(a, world.school_a)):
        submit(survey, teacher, likert=1 + i % 5, text=f"A校困难{i}")
    for i, teacher in enumerate(world.junior_math(b, world.school_b)):
        submit(survey, teacher, likert=5, text=f"B校困难{i}")
    return survey


def test_per_question_bars_and_means_are_drawn_on_the_server(client, world):
    survey = _survey_with(world, a=5, b=5)
    client.force_login(world.county)
    page = client.get(f"/surveys/{survey.pk}/results/").content.decode()
    assert "已收答卷 10 份" in page
    # Likert: A answers 1..5 once each, B answers 5 five times → 非常同意 6 of 10.
    assert 'style="width: 60%"' in page and "6 人（60%）" in page
    assert "平均分 4.0（10 人作答）" in page
    assert "A校困难0" in page and "B校困难4" in page
    assert "<script" not in page.split("<main", 1)[1]  # no chart library, no CDN


def test_anonymous_figures_need_five_respondents(client, world):
    survey = _survey_with(world, a=4, b=0)
    client.force_login(world.county)
    page = client.get(f"/surveys/{survey.pk}/results/").content.decode()
    assert "作答不足 5 人，不显示结果" in page
    assert "A校困难" not in page and "人（" not in page
    assert "A校困难" not in client.get(f"/surveys/{survey.pk}/results.csv").content.decode("utf-8-sig")


def test_crosstab_hides_small_groups_and_the_group_that_would_give_them_away(client, world):
    survey = _survey_with(world, a=6, b=3)
    client.force_login(world.county)
    page = client.get(f"/surveys/{survey.pk}/results/?by=school").content.decode()
    crosstab = page.split("交叉分析", 1)[1]
    # B has 3 (hidden); A alone would reveal B as total minus A, so A is hidden as well.
    assert "岳麓B中学</td><td colspan" in crosstab and "岳麓A中学</td><td colspan" in crosstab
    assert "不足 5 人，不显示" in crosstab
    # The overall figures (9 respondents) are still shown.
    assert "已收答卷 9 份" in page and "平均分" in page.split("逐题结果", 1)[1]


def test_crosstab_shows_groups_of_five(client, world):
    survey = _survey_with(world, a=5, b=5)
    client.force_login(world.county)
    crosstab = client.get(f"/surveys/{survey.pk}/results/?by=school").content.decode().split("交叉分析", 1)[1]
    assert "岳麓A中学</td><td>5</td>" in crosstab and "岳麓B中学</td><td>5</td>" in crosstab
    assert "不足 5 人" not in crosstab
    by_stage = client.get(f"/surveys/{survey.pk}/results/?by=teacher_stage").content.decode()
    assert "合格教师</td><td>10</td>" in by_stage
    assert client.get(f"/surveys/{survey.pk}/results/?by=nonsense").status_code == 200


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("county", 200),
        ("city_editor", 200),
        ("county_furong", 403),
        ("school_trainer_a", 403),
        ("primary_chinese", 403),
    ],
)
def test_results_are_for_the_builder_and_those_above_them(client, world, who, status):
    survey = build_survey(by=world.county, region=world.yuelu)
    client.force_login(getattr(world, who))
    for url in ("results/", "results.csv", "results.xlsx"):
        assert client.get(f"/surveys/{survey.pk}/{url}").status_code == status


def test_a_school_trainer_reads_their_school_survey_and_the_county_above(client, world):
    survey = build_survey(by=world.school_trainer_a, school=world.school_a)
    for who, status in (("school_trainer_a", 200), ("county", 200), ("school_trainer_b", 403)):
        client.force_login(getattr(world, who))
        assert client.get(f"/surveys/{survey.pk}/results/").status_code == status


def test_anonymous_exports_hold_only_group_figures(client, world):
    survey = _survey_with(world, a=6, b=3)
    client.force_login(world.county)
    text = client.get(f"/surveys/{survey.pk}/results.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == [survey.title, "答卷 9 份", "匿名"]
    assert "== 答卷明细 ==" not in text
    usernames = [r.user.username for r in survey.respondents.select_related("user")]
    assert not any(name in text for name in usernames)
    assert "A校困难0" in text  # 9 answered the text question: the list is shown, sorted
    school_block = text.split("== 按学校 ==", 1)[1].split("== 按学段 ==", 1)[0]
    assert "岳麓B中学,不足 5 人，不显示" in school_block and "岳麓A中学,不足 5 人，不显示" in school_block

    workbook = load_workbook(io.BytesIO(client.get(f"/surveys/{survey.pk}/results.xlsx").content))
    assert workbook.sheetnames == ["汇总", "按区县", "按学校", "按学段", "按学科", "按发展阶段", "文本回答"]
    cells = [str(c) for row in workbook["按学校"].iter_rows(values_only=True) for c in row if c is not None]
    assert "不足 5 人，不显示" in cells and not any(name in " ".join(cells) for name in usernames)


def test_real_name_exports_list_each_respondent(client, world):
    survey = _survey_with(world, a=2, b=1, anonymous=False)
    client.force_login(world.county)
    text = client.get(f"/surveys/{survey.pk}/results.csv").content.decode("utf-8-sig")
    details = text.split("== 答卷明细 ==", 1)[1]
    for respondent in survey.respondents.select_related("user__profile"):
        assert respondent.user.profile.display_name in details
    assert "A校困难0" in details and "5年以下" in details
    workbook = load_workbook(io.BytesIO(client.get(f"/surveys/{survey.pk}/results.xlsx").content))
    assert workbook["答卷明细"].max_row == 4


def test_exported_text_is_never_a_formula(client, world):
    survey = build_survey(by=world.county, anonymous=False, region=world.yuelu)
    (teacher,) = world.junior_math(1, world.school_a)
    submit(survey, teacher, text='=HYPERLINK("http://x")')
    client.force_login(world.county)
    text = client.get(f"/surveys/{survey.pk}/results.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
