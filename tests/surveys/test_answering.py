"""Answering: only the audience sees and answers; required questions, closed surveys and a
second answer are refused with nothing written; reminders reach those who have not answered."""

from datetime import timedelta

import pytest

from resources.review.models import ReviewNotification
from surveys.models import Respondent, Response
from tests.surveys.conftest import TODAY, answer_post, build_survey
from tests.workshops.conftest import add_member

pytestmark = pytest.mark.django_db


def test_only_the_audience_sees_the_survey_in_my_surveys_and_may_open_it(client, world):
    (inside,) = world.junior_math(1, world.school_a)
    survey = build_survey(by=world.county, region=world.yuelu, stage=world.junior, subject=world.math)
    client.force_login(inside)
    assert survey.title in client.get("/surveys/").content.decode()
    assert client.get(f"/surveys/{survey.pk}/").status_code == 200
    for outsider in (world.primary_chinese, world.furong_math, world.county_furong):
        client.force_login(outsider)
        assert survey.title not in client.get("/surveys/").content.decode()
        assert client.get(f"/surveys/{survey.pk}/").status_code == 404
        assert client.post(f"/surveys/{survey.pk}/", answer_post(survey)).status_code == 404
    assert not Response.objects.exists()


def test_a_draft_is_seen_by_nobody_but_its_builder(client, world):
    (inside,) = world.junior_math(1, world.school_a)
    survey = build_survey(by=world.county, published=False, region=world.yuelu)
    client.force_login(inside)
    assert client.get(f"/surveys/{survey.pk}/").status_code == 404
    client.force_login(world.county)
    preview = client.get(f"/surveys/{survey.pk}/")
    assert preview.status_code == 200 and "预览" in preview.content.decode()


def test_a_complete_answer_is_recorded_once_and_a_second_is_refused(client, world):
    (teacher,) = world.junior_math(1, world.school_a)
    survey = build_survey(by=world.county, region=world.yuelu)
    client.force_login(teacher)
    response = client.post(f"/surveys/{survey.pk}/", answer_post(survey))
    assert response.status_code == 302 and response["Location"] == "/surveys/"
    assert Response.objects.count() == 1 and Respondent.objects.filter(user=teacher).count() == 1
    assert "已提交" in client.get("/surveys/").content.decode()
    again = client.post(f"/surveys/{survey.pk}/", answer_post(survey, text="第二次"), follow=True)
    assert "已提交" in again.content.decode()
    assert Response.objects.count() == 1
    assert "第二次" not in str(Response.objects.get().answers)


def test_a_missing_required_answer_or_a_bad_option_writes_nothing(client, world):
    (teacher,) = world.junior_math(1, world.school_a)
    survey = build_survey(by=world.county, region=world.yuelu)
    client.force_login(teacher)
    data = answer_post(survey)
    likert = survey.questions.get(text="我能设计分层作业")
    del data[f"q{likert.pk}"]
    response = client.post(f"/surveys/{survey.pk}/", data)
    assert response.status_code == 200 and "这是必答题，请作答。" in response.content.decode()
    data = answer_post(survey, likert=9)
    response = client.post(f"/surveys/{survey.pk}/", data)
    assert "请选择列出的选项" in response.content.decode()
    assert not Response.objects.exists() and not Respondent.objects.exists()


@pytest.mark.parametrize("days", [(-10, -1), (2, 9)])
def test_outside_its_dates_the_survey_cannot_be_answered(client, world, days):
    (teacher,) = world.junior_math(1, world.school_a)
    survey = build_survey(
        by=world.county,
        region=world.yuelu,
        opens_on=TODAY + timedelta(days=days[0]),
        closes_on=TODAY + timedelta(days=days[1]),
    )
    client.force_login(teacher)
    assert "不在填写时间内" in client.get(f"/surveys/{survey.pk}/").content.decode()
    response = client.post(f"/surveys/{survey.pk}/", answer_post(survey))
    assert response.status_code == 400 and "问卷不在填写时间内" in response.content.decode()
    assert not Response.objects.exists() and not Respondent.objects.exists()


def test_a_workshop_survey_reaches_its_members_only(client, world):
    survey = build_survey(by=world.host, anonymous=False, workshop=world.workshop)
    client.force_login(world.member)
    assert client.post(f"/surveys/{survey.pk}/", answer_post(survey)).status_code == 302
    assert Response.objects.get().user == world.member
    (other,) = world.junior_math(1, world.school_a)
    client.force_login(other)
    assert client.get(f"/surveys/{survey.pk}/").status_code == 404
    add_member(world.workshop, other)
    assert client.get(f"/surveys/{survey.pk}/").status_code == 200


def test_reminders_reach_only_those_who_have_not_answered(client, world):
    done, waiting_a = world.junior_math(2, world.school_a)
    (waiting_b,) = world.junior_math(1, world.school_b)
    survey = build_survey(by=world.county, region=world.yuelu, stage=world.junior, subject=world.math)
    client.force_login(done)
    client.post(f"/surveys/{survey.pk}/", answer_post(survey))
    client.force_login(world.county)
    page = client.get(f"/surveys/{survey.pk}/results/").content.decode()
    # The workshop host teaches 初中数学 at school A too: three asked there.
    assert "岳麓A中学</td><td>3</td><td>1</td><td>33%" in page
    assert "岳麓B中学</td><td>1</td><td>0</td><td>0%" in page
    response = client.post(f"/surveys/{survey.pk}/remind/", follow=True)
    assert "已向 3 位尚未填写的教师发送提醒" in response.content.decode()
    notes = ReviewNotification.objects.filter(category="survey")
    expected = [waiting_a.username, waiting_b.username, world.host.username]
    assert sorted(n.recipient.username for n in notes) == sorted(expected)
    assert notes.first().link == f"/surveys/{survey.pk}/"
    client.force_login(world.county_furong)
    assert client.post(f"/surveys/{survey.pk}/remind/").status_code == 403
    assert notes.count() == 3
