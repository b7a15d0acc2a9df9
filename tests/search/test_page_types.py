"""Searching everything public (全站搜索): courses, micro-lectures, lesson recordings, 同课异构
cases and public workshops are found next to resources, each shown as what it is, on both
backends; drafts, unpublished pages and members-only workshops never are.

Every test runs on the database backend, and again on Elasticsearch when ELASTICSEARCH_URL is
set (CI), through the same outbox and delivery as production."""

import os
from types import SimpleNamespace

import pytest

from django.core.management import call_command

from wagtail.models import PageViewRestriction

from home.consent import consent_record
from home.models import RecordingAudience
from search.backends import database
from search.backends import elasticsearch as es
from search.models import SearchDocument, SearchOutbox
from search.query import SearchRequest
from showcase.models import ShowcaseIndexPage
from tests.showcase.conftest import make_case
from tests.training import factories as training
from training.models import CoursePage, LessonSlice
from workshops.models import Visibility, WorkshopIndexPage, WorkshopPage

pytestmark = pytest.mark.django_db

SLICE_NOTE = "追问层层递进，学生自主发现了三个正方形的面积关系"


@pytest.fixture(
    params=[
        pytest.param("database"),
        pytest.param("elasticsearch", marks=pytest.mark.requires_service("elasticsearch")),
    ]
)
def backend(request, settings):
    """Search on each backend in turn (Elasticsearch on its own per-test index)."""
    if request.param == "elasticsearch":
        request.getfixturevalue("es_prefix")
        settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
    else:
        settings.ELASTICSEARCH_URL = ""
    return request.param


def workshop(*, title: str, visibility=Visibility.PUBLIC) -> WorkshopPage:
    page = WorkshopPage(
        title=title, slug=f"ws-search-{WorkshopPage.objects.count() + 1}", intro=f"{title}：整本书阅读的课堂实践。",
        visibility=visibility,
    )  # fmt: skip
    WorkshopIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def portal(backend, library, committed):
    """One page of every type, published the way editors publish them, delivered after commit."""
    with committed():
        course = training.course(title="勾股定理专题研修", summary="面向初中数学教师的勾股定理单元教学研修。")
        module = training.module(course)
        lecture = training.lecture(module, title="用面积法证明勾股定理", summary="拼图与面积法，十分钟讲清证明思路。")
        recording = training.recording(module, slices=())
        recording.title = "八年级数学课堂实录"
        recording.slices = [LessonSlice(title="探究", start_seconds=0, end_seconds=60, diagnosis=SLICE_NOTE)]
        recording.save()
        case = make_case(library, ShowcaseIndexPage.objects.get(), lesson="勾股定理")
        public = workshop(title="初中语文整本书阅读工作坊")
        private = workshop(title="岳麓区整本书阅读内部工作坊", visibility=Visibility.MEMBERS)
        draft = training.course(title="整本书阅读未发布课程", summary="整本书阅读的草稿课程。", live=False)
    if es.enabled():
        es.refresh()
    return SimpleNamespace(course=course, lecture=lecture, recording=recording, case=case, public=public,
                           private=private, draft=draft)  # fmt: skip


def api(client, **params):
    response = client.get("/api/search/", params)
    assert response.status_code == 200, response.content
    return response.json()


def found(client, backend, **params) -> dict[int, str]:
    """Result id → type, asserting the backend that answered."""
    response = client.get("/api/search/", params)
    assert response.status_code == 200, response.content
    assert response["X-Search-Backend"] == backend
    return {hit["id"]: hit["type"] for hit in response.json()["results"]}


def test_search_page_finds_each_type_and_says_what_it_is(client, backend, portal):
    cases = [
        ("面积法证明", portal.lecture, "micro_lecture", "微课"),
        ("自主发现了三个正方形的面积关系", portal.recording, "recording", "课堂实录"),  # a slice note only
        ("勾股定理专题研修", portal.course, "course", "课程"),
        ("同课异构 勾股定理", portal.case, "case", "同课异构案例"),
        ("整本书阅读工作坊", portal.public, "workshop", "工作坊"),
    ]
    for query, page, kind, label in cases:
        assert found(client, backend, q=query).get(page.pk) == kind, query
        html = client.get("/search/", {"q": query}).content.decode()
        assert f">{page.title}</a>" in html, query
        assert f'<span class="badge type-{kind}">{label}</span>' in html, query
    # The type facet offers each type found, in Chinese.
    html = client.get("/search/", {"q": "勾股定理"}).content.decode()
    assert "内容类别" in html and "?q=%E5%8B%BE%E8%82%A1%E5%AE%9A%E7%90%86&amp;type=micro_lecture" in html


def test_private_workshops_drafts_and_unpublished_pages_are_never_found(client, backend, portal, committed):
    with committed():
        portal.recording.unpublish()
    if es.enabled():
        es.refresh()
    everything = found(client, backend, q="整本书阅读", page_size=100)
    assert portal.public.pk in everything
    assert portal.private.pk not in everything and portal.draft.pk not in everything
    assert portal.recording.pk not in found(client, backend, q="自主发现了三个正方形的面积关系")
    html = client.get("/search/", {"q": "整本书阅读"}).content.decode()
    assert "内部工作坊" not in html and "未发布课程" not in html

    # A public workshop its hosts make members-only (仅成员可见) disappears as well.
    with committed():
        page = WorkshopPage.objects.get(pk=portal.public.pk)
        page.visibility = Visibility.MEMBERS
        page.save_revision().publish()
    if es.enabled():
        es.refresh()
    assert portal.public.pk not in found(client, backend, q="整本书阅读", page_size=100)
    assert SearchDocument.objects.get(pk=portal.public.pk).visibility == "private"


def test_api_type_parameter_filters_counts_and_is_validated(client, backend, portal):
    data = api(client, q="勾股定理", page_size=100)
    types = {hit["type"] for hit in data["results"]}
    assert {"resource", "course", "micro_lecture", "case"} <= types
    counts = {f["value"]: f["count"] for f in data["facets"]["type"]}
    assert counts["micro_lecture"] == 1 and counts["case"] == 1 and counts["resource"] >= 2
    # Pages without a kind or grade add no empty facet value (on either backend).
    assert all(f["value"] for name in ("kind", "grade", "subject") for f in data["facets"][name])

    lectures = api(client, q="勾股定理", type="micro_lecture")
    assert [(hit["id"], hit["type"]) for hit in lectures["results"]] == [(portal.lecture.pk, "micro_lecture")]
    # Resource facets keep working with type=resource: kind narrows the library works only.
    coursewares = api(client, q="勾股定理", type="resource", kind="courseware")
    assert coursewares["count"] == 2 and {hit["kind"] for hit in coursewares["results"]} == {"courseware"}
    assert api(client, q="勾股定理", type="course", kind="courseware")["count"] == 0

    for bad in ("lecture", "资源", "Resource"):
        response = client.get("/api/search/", {"q": "勾股定理", "type": bad})
        assert response.status_code == 400
        assert "type 应为 resource / course / micro_lecture" in response.json()["error"]
    assert client.get("/api/search/", {"type": "resource\x00"}).status_code == 400
    page = client.get("/search/", {"q": "勾股定理", "type": "nope"})
    assert page.status_code == 200 and "type 应为" in page.content.decode()


def test_unpublish_restriction_and_delete_remove_the_document(client, backend, portal, committed):
    assert portal.lecture.pk in found(client, backend, q="面积法证明")
    with committed():
        portal.lecture.unpublish()
    if es.enabled():
        es.refresh()
    assert portal.lecture.pk not in found(client, backend, q="面积法证明")
    assert SearchDocument.objects.get(pk=portal.lecture.pk).visibility == "private"

    # A login restriction on the course hides the course and its recording below it.
    with committed():
        PageViewRestriction.objects.create(page=portal.course, restriction_type=PageViewRestriction.LOGIN)
    if es.enabled():
        es.refresh()
    assert portal.course.pk not in found(client, backend, q="勾股定理专题研修")
    assert portal.recording.pk not in found(client, backend, q="自主发现了三个正方形的面积关系")

    with committed():
        WorkshopPage.objects.get(pk=portal.public.pk).delete()
    if es.enabled():
        es.refresh()
        assert not es.client().exists(index=es.alias_name(), id=portal.public.pk)
    assert portal.public.pk not in found(client, backend, q="整本书阅读工作坊")
    assert not SearchDocument.objects.filter(pk=portal.public.pk).exists()


def test_a_recording_whose_guardians_agreed_to_its_school_only_leaves_public_search(client, backend, portal, committed):
    assert portal.recording.pk in found(client, backend, q="自主发现了三个正方形的面积关系")
    with committed():  # the consent changes: the page's document follows through the outbox
        consent_record(
            portal.recording.video,
            consent_audience=RecordingAudience.SCHOOL,
            visibility=RecordingAudience.PUBLIC,
        )
    if es.enabled():
        es.refresh()
    assert portal.recording.pk not in found(client, backend, q="自主发现了三个正方形的面积关系")
    assert SearchDocument.objects.get(pk=portal.recording.pk).visibility == "private"
    assert portal.course.pk in found(client, backend, q="勾股定理专题研修")  # the course is still public


def test_a_move_goes_through_the_outbox_and_updates_the_url(client, backend, portal, committed):
    other = training.module(CoursePage.objects.get(pk=portal.course.pk), title="第二模块")
    with committed():
        portal.lecture.move(other, pos="last-child")
    if es.enabled():
        es.refresh()
    moved = portal.lecture.__class__.objects.get(pk=portal.lecture.pk)
    rows = SearchOutbox.objects.filter(page_id=moved.pk)
    assert rows.count() >= 2 and not rows.filter(db_indexed=False).exists()
    assert not rows.filter(es_delivered=False).exists()
    hit = next(h for h in api(client, q="面积法证明")["results"] if h["id"] == moved.pk)
    assert hit["url"] == moved.url and f"/{other.slug}/" in hit["url"]


def test_a_case_shows_only_designs_whose_teaching_design_is_public(client, backend, portal, committed):
    design = portal.case.designs.order_by("sort_order").first()
    assert design.label == "情境探究版"
    assert portal.case.pk in found(client, backend, q="情境探究版", type="case")
    with committed():
        design.teaching_design.unpublish()
    if es.enabled():
        es.refresh()
    assert portal.case.pk not in found(client, backend, q="情境探究版", type="case")
    assert portal.case.pk in found(client, backend, q="同课异构 勾股定理", type="case")


def test_search_rebuild_indexes_every_type(client, backend, portal):
    database.clear()
    if es.enabled():
        es.drop_all()
    assert found(client, backend, q="面积法证明") == {}
    call_command("search_rebuild", "--no-progress")
    if es.enabled():
        es.refresh()
    for query, page in (("面积法证明", portal.lecture), ("整本书阅读工作坊", portal.public),
                        ("自主发现了三个正方形的面积关系", portal.recording)):  # fmt: skip
        assert page.pk in found(client, backend, q=query), query
    assert portal.private.pk not in found(client, backend, q="整本书阅读", page_size=100)
    assert CoursePage.objects.get(pk=portal.draft.pk).live is False


@pytest.mark.requires_service("elasticsearch")
@pytest.mark.parametrize("backend", ["elasticsearch"], indirect=True)
def test_both_backends_find_the_same_pages_and_types(backend, portal):
    queries = ["勾股定理", "整本书阅读", "面积法证明", "自主发现了三个正方形的面积关系", "同课异构", "微课", "工作坊"]
    for q in queries:
        for kind in ("", "resource", "course", "micro_lecture", "recording", "case", "workshop"):
            request = SearchRequest.from_params({"q": q, "type": kind, "page_size": 100})
            on_db, on_es = database.search(request), es.search(request)
            assert {h.id: h.type for h in on_db.hits} == {h.id: h.type for h in on_es.hits}, (q, kind)
            assert on_db.facets["type"] == on_es.facets["type"], (q, kind)
