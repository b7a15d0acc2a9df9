"""/search/'s grade filter widens a 培智 segment to its grades on both backends, as the library does."""

import os

import pytest

from home.models import Grade, Stage, Subject
from search.backends import database
from search.backends import elasticsearch as es
from search.query import SearchRequest

pytestmark = pytest.mark.django_db


def special(grade: str) -> Grade:
    return Grade.objects.get(stage__name="特殊教育", name=grade)


@pytest.fixture
def works(publish):
    stage, subject = Stage.objects.get(name="特殊教育"), Subject.objects.get(name="生活数学")
    for title, grade in (("低段通用认数", "培智低段"), ("二年级认数", "二年级"), ("五年级认数", "五年级")):
        publish(title=title, stage=stage, subject=subject, grade=special(grade))
    primary = Stage.objects.get(name="小学")
    publish(title="小学二年级认数", stage=primary, grade=Grade.objects.get(stage=primary, name="二年级"))


def titles(backend, **params) -> set[str]:
    return {hit.title for hit in backend.search(SearchRequest.from_params({"q": "认数", **params})).hits}


def check(backend):
    assert titles(backend, grade="培智低段") == {"低段通用认数", "二年级认数"}
    assert titles(backend, stage="特殊教育", grade="培智中段") == {"五年级认数"}
    assert titles(backend, stage="特殊教育", grade="二年级") == {"二年级认数"}
    assert titles(backend, stage="小学", grade="二年级") == {"小学二年级认数"}


def test_database_backend_widens_a_segment(database_backend, works, client):
    check(database)
    html = client.get("/search/", {"q": "认数", "grade": "培智低段"}).content.decode()
    assert "二年级认数" in html and "五年级认数" not in html


@pytest.mark.requires_service("elasticsearch")
def test_elasticsearch_widens_a_segment(es_prefix, settings, publish):
    settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    stage, subject = Stage.objects.get(name="特殊教育"), Subject.objects.get(name="生活数学")
    for title, grade in (("低段通用认数", "培智低段"), ("二年级认数", "二年级"), ("五年级认数", "五年级")):
        publish(title=title, stage=stage, subject=subject, grade=special(grade))
    primary = Stage.objects.get(name="小学")
    publish(title="小学二年级认数", stage=primary, grade=Grade.objects.get(stage=primary, name="二年级"))
    es.refresh()
    check(es)
