"""Anonymous answers cannot be traced to a person: the answer rows have no user and no time,
random keys, an order unrelated to who answered when; who has answered is kept apart.
Submitted answers write capability scores through research.services."""

import uuid

import pytest

from django.db import connection

from research.models import DimensionScore
from surveys.models import Respondent, Response
from tests.surveys.conftest import build_survey, submit

pytestmark = pytest.mark.django_db


def test_anonymous_answer_rows_name_no_one_and_carry_a_date_only(world):
    survey = build_survey(by=world.county, region=world.yuelu)
    teachers = world.junior_math(3, world.school_a)
    for teacher in teachers:
        submit(survey, teacher)
    assert list(Response.objects.values_list("user_id", flat=True)) == [None, None, None]
    time_fields = [f.name for f in Response._meta.get_fields() if f.get_internal_type() == "DateTimeField"]
    assert time_fields == []
    assert all(isinstance(pk, uuid.UUID) and pk.version == 4 for pk in Response.objects.values_list("pk", flat=True))
    # Who answered is known (response rate), but not when, and not what.
    assert list(Respondent.objects.values_list("answered_on", flat=True)) == [None, None, None]
    assert {f.name for f in Respondent._meta.get_fields()} == {"id", "survey", "user", "answered_on"}


def test_the_order_of_answers_cannot_be_matched_to_the_order_of_respondents(world):
    survey = build_survey(by=world.county, region=world.yuelu)
    # They answer in an order unrelated to their accounts' ids (as in life).
    teachers = world.junior_math(12, world.school_a)
    teachers = teachers[5:] + teachers[:5][::-1]
    for i, teacher in enumerate(teachers):
        submit(survey, teacher, text=f"第{i}位")
    answering_order = [t.pk for t in teachers]
    question = str(survey.questions.get(text="最大的困难").pk)
    # Answers (and capability scores) may be stored in the order they came in, but who has
    # answered is listed in an order unrelated to it: by key, by the ORM's default and as the
    # table itself lists its rows (what a database dump shows). With 12 people, a chance
    # match has odds 1 in 12! for each listing.
    assert sorted(Respondent.objects.values_list("user_id", flat=True)) == sorted(answering_order)
    by_key = list(Respondent.objects.order_by("pk").values_list("user_id", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Respondent._meta.db_table}")  # noqa: S608 - a model's table name
        user_column = [column[0] for column in cursor.description].index("user_id")
        as_stored = [row[user_column] for row in cursor.fetchall()]
    assert by_key != answering_order and as_stored != answering_order
    assert list(Respondent.objects.values_list("user_id", flat=True)) != answering_order
    # The answers are listed in the order of their random keys, not the order they came in.
    listed = [r.answers[question] for r in Response.objects.all()]
    assert sorted(listed) == sorted(f"第{i}位" for i in range(12))
    assert listed != [f"第{i}位" for i in range(12)]
    assert [r.answers[question] for r in Response.objects.order_by("pk")] == listed


def test_respondents_are_rewritten_in_a_new_order_at_every_answer(world):
    survey = build_survey(by=world.county, region=world.yuelu)
    teachers = world.junior_math(6, world.school_a)
    keys = set()
    for teacher in teachers:
        submit(survey, teacher)
        now = set(Respondent.objects.values_list("pk", flat=True))
        assert not now & keys  # fresh random keys every time: no key survives to date an answer
        keys |= now
    assert Respondent.objects.count() == 6


def test_anonymous_scores_keep_the_group_and_no_teacher(world):
    survey = build_survey(by=world.county, region=world.yuelu)
    (teacher,) = world.junior_math(1, world.school_a)
    submit(survey, teacher, likert=2, rating=4, matrix=(1, 2))
    scores = {s.dimension.code: s for s in DimensionScore.objects.select_related("dimension")}
    # 作业设计: Likert 2 → 25, matrix rows 1 → 0 and 2 → 25: mean 16.67. 教学设计: rating 4 of 5 → 75.
    assert round(scores["homework_design"].score, 2) == 16.67
    assert scores["lesson_design"].score == 75
    for score in scores.values():
        assert score.teacher_id is None and score.source == "survey"
        assert score.school == world.school_a and score.subject == world.math and score.stage == world.junior
        assert score.source_key.startswith("survey-response:")
        assert str(Response.objects.get().pk) not in score.source_key
        assert score.source_label == survey.title


def test_real_name_answers_and_scores_name_the_teacher(world):
    survey = build_survey(by=world.county, anonymous=False, region=world.yuelu)
    (teacher,) = world.junior_math(1, world.school_a)
    submit(survey, teacher, likert=5, rating=10 // 2, matrix=(5, 5))
    assert Response.objects.get().user == teacher
    assert Respondent.objects.get().answered_on is not None
    assert set(DimensionScore.objects.values_list("teacher_id", flat=True)) == {teacher.pk}
    assert DimensionScore.objects.get(dimension__code="homework_design").score == 100


@pytest.mark.requires_service("postgres")
def test_on_postgres_a_second_answer_is_refused_and_nothing_is_half_written(world):
    from django.core.exceptions import ValidationError

    survey = build_survey(by=world.county, region=world.yuelu)
    (teacher,) = world.junior_math(1, world.school_a)
    submit(survey, teacher)
    with pytest.raises(ValidationError, match="不能重复提交"):
        submit(survey, teacher)
    assert Response.objects.count() == 1 and Respondent.objects.count() == 1
    assert DimensionScore.objects.filter(dimension__code="homework_design").count() == 1
