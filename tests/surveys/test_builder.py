"""The builder in the portal: settings and audience within the builder's scope, questions of
every kind added, moved, edited and deleted, publishing; teachers who host no workshop cannot build."""

from datetime import timedelta

import pytest

from surveys.models import Question, QuestionKind, Survey
from tests.surveys.conftest import TODAY, build_survey

pytestmark = pytest.mark.django_db


def _settings(**audience):
    data = {
        "title": "岳麓区初中数学教师研修需求调查",
        "intro": "了解各位老师的研修需求。",
        "anonymous": "on",
        "opens_on": TODAY.isoformat(),
        "closes_on": (TODAY + timedelta(days=14)).isoformat(),
    }
    data.update({k: str(v.pk) for k, v in audience.items()})
    return data


def test_county_trainer_builds_and_publishes_a_survey_for_yuelu_junior_math(client, world):
    client.force_login(world.county)
    response = client.post("/surveys/new/", _settings(region=world.yuelu, stage=world.junior, subject=world.math))
    survey = Survey.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/surveys/{survey.pk}/build/"
    assert survey.created_by == world.county and survey.anonymous and not survey.published
    assert survey.audience_label() == "湖南省/长沙市/岳麓区 + 初中 + 数学"

    client.post(f"/surveys/{survey.pk}/publish/")
    survey.refresh_from_db()
    assert not survey.published  # nothing to answer yet

    for kind, text, options in [
        ("section", "一、作业设计", ""),
        ("likert", "我能设计分层作业", ""),
        ("matrix", "作业设计情况", "控制总量\n实践性作业"),
        ("single", "教龄", "5年以下\n5年以上"),
        ("long_text", "建议", ""),
    ]:
        response = client.post(
            f"/surveys/{survey.pk}/build/",
            {"kind": kind, "text": text, "options": options, "required": "on", "scale_max": "5"},
        )
        assert response.status_code == 302
    assert [q.text for q in survey.questions.all()] == [
        "一、作业设计",
        "我能设计分层作业",
        "作业设计情况",
        "教龄",
        "建议",
    ]
    assert not survey.questions.get(kind="section").required

    teacher_age = survey.questions.get(text="教龄")
    client.post(f"/surveys/{survey.pk}/questions/{teacher_age.pk}/move/", {"direction": "up"})
    assert [q.text for q in survey.questions.all()][2:4] == ["教龄", "作业设计情况"]
    client.post(f"/surveys/{survey.pk}/questions/{survey.questions.get(text='建议').pk}/delete/")
    assert survey.questions.count() == 4

    page = client.get(f"/surveys/{survey.pk}/build/")
    assert "作业设计情况" in page.content.decode() and "上移" in page.content.decode()
    client.post(f"/surveys/{survey.pk}/publish/")
    survey.refresh_from_db()
    assert survey.published


def test_a_question_must_be_answerable_and_only_scales_carry_a_dimension(client, world):
    survey = build_survey(by=world.county, published=False, region=world.yuelu)
    client.force_login(world.county)
    before = survey.questions.count()
    one_option = client.post(
        f"/surveys/{survey.pk}/build/", {"kind": "single", "text": "只有一个选项", "options": "是"}
    )
    assert "至少需要两个选项" in one_option.content.decode()
    dimension = survey.questions.exclude(dimension=None).first().dimension
    tagged_text = client.post(
        f"/surveys/{survey.pk}/build/", {"kind": "short_text", "text": "文本题", "dimension": dimension.pk}
    )
    assert "只有量表题、评分题和矩阵题可以关联能力维度" in tagged_text.content.decode()
    assert survey.questions.count() == before


@pytest.mark.parametrize(
    ("builder", "target", "allowed"),
    [
        ("county", {"region": "yuelu"}, True),
        ("county", {"region": "furong"}, False),
        ("county", {"school": "school_f"}, False),
        ("city_editor", {"region": "furong"}, True),
        ("school_trainer_a", {"school": "school_a"}, True),
        ("school_trainer_a", {"school": "school_b"}, False),
        ("school_trainer_a", {"region": "yuelu"}, False),
        ("host", {"workshop": "workshop"}, True),
        ("host", {"school": "school_a"}, False),
        ("county", {}, False),
    ],
)
def test_builders_target_only_audiences_in_their_scope(client, world, builder, target, allowed):
    client.force_login(getattr(world, builder))
    response = client.post("/surveys/new/", _settings(**{k: getattr(world, v) for k, v in target.items()}))
    assert Survey.objects.exists() is allowed
    if not allowed:
        assert response.status_code == 200
        assert "选择一个有效的选项" in response.content.decode() or "至少选择一个区域" in response.content.decode()


def test_teachers_who_host_nothing_cannot_build_and_others_cannot_edit(client, world):
    client.force_login(world.primary_chinese)
    assert client.get("/surveys/new/").status_code == 403
    assert "新建问卷" not in client.get("/surveys/").content.decode()
    survey = build_survey(by=world.county, region=world.yuelu)
    client.force_login(world.county_furong)
    assert client.get(f"/surveys/{survey.pk}/build/").status_code == 403
    question = survey.questions.first()
    assert client.post(f"/surveys/{survey.pk}/questions/{question.pk}/delete/").status_code == 403
    assert Question.objects.filter(pk=question.pk).exists()


def test_questions_are_locked_once_answers_exist(client, world):
    from surveys.models import Response

    survey = build_survey(by=world.county, region=world.yuelu)
    Response.objects.create(survey=survey, submitted_on=TODAY, answers={})
    client.force_login(world.county)
    question = survey.questions.get(kind=QuestionKind.LIKERT)
    response = client.post(f"/surveys/{survey.pk}/questions/{question.pk}/delete/", follow=True)
    assert "题目不能再修改" in response.content.decode()
    assert Question.objects.filter(pk=question.pk).exists()


def test_the_anonymity_promise_cannot_change_once_answers_exist(client, world):
    from django.core.exceptions import ValidationError

    from surveys.services import survey_save
    from tests.surveys.conftest import submit

    survey = build_survey(by=world.county, region=world.yuelu)
    (teacher,) = world.junior_math(1, world.school_a)
    submit(survey, teacher)
    client.force_login(world.county)
    form = client.get(f"/surveys/{survey.pk}/edit/").content.decode()
    assert 'name="anonymous"' in form and "disabled" in form.split('name="anonymous"')[1].split(">")[0]
    survey.anonymous = False
    with pytest.raises(ValidationError, match="不能再更改"):
        survey_save(user=world.county, survey=survey)
    survey.refresh_from_db()
    assert survey.anonymous
