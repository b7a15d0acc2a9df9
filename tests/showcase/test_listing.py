"""The showcase index (filters, 编辑推荐) and the home page's featured cases and recommended works."""

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import Stage, Subject
from resources.models import RecommendationLevel
from tests.factories import GeneratedResourcePageFactory
from tests.showcase.conftest import make_case

pytestmark = pytest.mark.django_db

HUNAN_ONLY = [("湖南省/长沙市/岳麓区", "岳麓一中", "甲"), ("湖南省/长沙市/芙蓉区", "芙蓉一中", "乙")]


@pytest.fixture
def cases(library, showcase):
    tianjin_math = make_case(library, showcase, lesson="勾股定理", featured=True)
    hunan_chinese = make_case(library, showcase, lesson="赵州桥", places=HUNAN_ONLY)
    hunan_chinese.subject = Subject.objects.get(name="语文")
    hunan_chinese.stage = Stage.objects.get(name="小学")
    hunan_chinese.save_revision().publish()
    draft = make_case(library, showcase, lesson="水循环", publish=False)
    return tianjin_math, hunan_chinese, draft


def titles(response):
    return [case.title for case in response.context["cases"]]


def test_index_lists_published_cases_with_featured_on_top(client, showcase, cases):
    tianjin_math, hunan_chinese, draft = cases
    response = client.get(showcase.url)
    assert response.status_code == 200
    assert titles(response) == [tianjin_math.title, hunan_chinese.title]
    assert [c.title for c in response.context["featured_cases"]] == [tianjin_math.title]
    assert draft.title not in response.content.decode()
    assert "编辑推荐" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"subject": "数学"}, [0]),
        ({"subject": "语文"}, [1]),
        ({"stage": "小学"}, [1]),
        ({"region": "天津市"}, [0]),
        ({"region": "湖南省/长沙市"}, [1]),
        ({"region": "河北省/石家庄市/长安区"}, [0]),
        ({"region": "广东省"}, []),
        ({"subject": "不存在"}, []),
    ],
)
def test_index_filters_by_subject_stage_and_region(client, showcase, cases, params, expected):
    response = client.get(showcase.url, params)
    assert titles(response) == [cases[i].title for i in expected]
    assert response.context["featured_cases"] == []


def test_filter_offers_only_what_published_cases_use(client, showcase, cases):
    case_filter = client.get(showcase.url).context["filter"]
    assert {s.name for s in case_filter.subjects()} == {"数学", "语文"}
    assert "天津市" in case_filter.regions() and "天津市/和平区" in case_filter.regions()
    assert "湖南省/长沙市" in case_filter.regions()


def test_index_query_count_does_not_grow_with_the_cases(client, showcase, library):
    make_case(library, showcase, lesson="勾股定理", featured=True)
    client.get(showcase.url)  # warm Wagtail's per-process caches (content types, site root paths)
    with CaptureQueriesContext(connection) as one_case:
        assert client.get(showcase.url).status_code == 200
    for lesson in ("赵州桥", "水循环", "春晓"):
        make_case(library, showcase, lesson=lesson, designs=3, featured=True)
    with CaptureQueriesContext(connection) as four_cases:
        assert client.get(showcase.url).status_code == 200
    assert len(four_cases) == len(one_case) <= 16


def test_home_page_features_cases_and_county_level_works(client, home_page, library, showcase):
    featured = make_case(library, showcase, lesson="勾股定理", featured=True)
    plain = make_case(library, showcase, lesson="赵州桥")
    county = GeneratedResourcePageFactory(parent=library, title="县级优秀：《春》教学设计")
    school_level = GeneratedResourcePageFactory(parent=library, title="校级推荐：《背影》教学设计")
    type(county).objects.filter(pk=county.pk).update(recommendation_level=RecommendationLevel.COUNTY)
    type(county).objects.filter(pk=school_level.pk).update(recommendation_level=RecommendationLevel.SCHOOL)
    response = client.get("/")
    html = response.content.decode()
    assert [c.title for c in response.context["featured_cases"]] == [featured.title]
    assert plain.title not in html
    recommended = [r.title for r in response.context["recommended_works"]]
    assert county.title in recommended and school_level.title not in recommended
    assert "推优作品（县级优秀及以上）" in html and "同课异构 · 编辑推荐" in html
