"""Who gets what from every endpoint: anonymous, a teacher, another teacher, trainers, an editor.

Public endpoints answer everyone alike; ``/me/…`` answers each caller with their own records
only; region figures answer trainers and editors only. Each role calls with a token carrying
every scope its role may hold (the strongest token it can make)."""

from __future__ import annotations

import pytest

from django.test import Client

from .conftest import ROLES, SECRET, client_as, token_for

PUBLIC = (
    "/api/v1/resources/",
    "/api/v1/resources/{public}/",
    "/api/v1/search/",
    "/api/v1/courses/",
    "/api/v1/courses/{course}/",
    "/api/v1/workshops/",
    "/api/v1/workshops/{open_workshop}/",
    "/api/v1/showcase/",
    "/api/v1/stages/",
    "/api/v1/subjects/",
    "/api/v1/grades/",
    "/api/v1/regions/",
    "/api/v1/schools/",
    "/api/v1/schema/",
    "/api/v1/docs/",
    "/api/v1/redoc/",
)
OWN = ("/api/v1/me/", "/api/v1/me/credits/", "/api/v1/me/enrolments/", "/api/v1/me/works/")
STATS = "/api/v1/stats/region/"
EXPECTED_STATS = {
    "anonymous": 401,
    "teacher": 403,
    "other": 403,
    "school_trainer": 200,
    "county_trainer": 200,
    "editor": 200,
}


def _url(world, template: str) -> str:
    return template.format(public=world.public.pk, course=world.course.pk, open_workshop=world.open_workshop.pk)


@pytest.mark.parametrize("role", ROLES)
def test_every_endpoint_answers_each_role_as_documented(world, role):
    client = client_as(world, role)
    for template in PUBLIC:
        response = client.get(_url(world, template))
        assert response.status_code == 200, template
        assert SECRET not in response.content.decode(), template
    for url in OWN:
        response = client.get(url)
        assert response.status_code == (401 if role == "anonymous" else 200), url
    response = client.get(STATS)
    assert response.status_code == EXPECTED_STATS[role]
    if role == "anonymous":
        assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_own_records_are_the_callers_and_never_another_teachers(world, role):
    client = client_as(world, role)
    me = client.get("/api/v1/me/").json()
    assert me["username"] == world.users[role].username
    works = {w["title"] for w in client.get("/api/v1/me/works/").json()["results"]}
    credits = [c["description"] for c in client.get("/api/v1/me/credits/").json()["results"]]
    enrolments = [e["course_title"] for e in client.get("/api/v1/me/enrolments/").json()["results"]]
    if role == "teacher":
        assert works == {"勾股定理公开设计", f"{SECRET}草稿"}
        assert credits == ["课程学习：单元整体教学设计"]
        assert enrolments == ["单元整体教学设计课程"]
    elif role == "other":
        assert works == {f"{SECRET}他人草稿", f"{SECRET}未通过", f"{SECRET}受限"}
        assert credits == [f"{SECRET}他人学分"]
        assert enrolments == []
    else:
        assert works == set() and credits == [] and enrolments == []


def test_works_carry_the_review_status_the_author_sees(world):
    client = client_as(world, "teacher")
    by_title = {w["title"]: w for w in client.get("/api/v1/me/works/").json()["results"]}
    assert by_title[f"{SECRET}草稿"]["status"] == "草稿"
    assert by_title["勾股定理公开设计"]["status"] == "已发布" and by_title["勾股定理公开设计"]["live"] is True


def test_a_token_without_the_scope_is_refused_own_records(world):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(world.users['county_trainer'], 'region_stats')}")
    response = client.get("/api/v1/me/credits/")
    assert response.status_code == 403
    assert "read_own" in response.json()["detail"]
    assert client.get(STATS).status_code == 200


def test_a_trainer_demoted_to_teacher_loses_region_figures_at_once(world):
    from home.models import Role, TeacherProfile

    user = world.users["county_trainer"]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(user, 'region_stats')}")
    assert client.get(STATS).status_code == 200
    TeacherProfile.objects.filter(user=user).update(role=Role.TEACHER)
    assert client.get(STATS).status_code == 403


def test_region_figures_cover_the_callers_scope(world):
    county = client_as(world, "county_trainer").get(STATS).json()
    assert county["region"] == "湖南省/长沙市/岳麓区"
    published = dict((row["status"], row["count"]) for row in county["works_by_status"])["已发布"]
    assert published == 1
    school = client_as(world, "school_trainer").get(STATS).json()
    assert school["region"] == "湖南省/长沙市/岳麓区/岳麓A校"


def test_a_signed_in_browser_reads_its_own_records_without_a_token(world):
    client = Client()
    client.force_login(world.teacher)
    assert client.get("/api/v1/me/credits/").json()["count"] == 1
    client.force_login(world.other)
    assert client.get("/api/v1/me/credits/").json()["results"][0]["description"] == f"{SECRET}他人学分"
