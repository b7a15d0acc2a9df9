"""The public resource library: listing, filters, sorting, pagination, detail pages, visibility."""

from urllib.parse import quote

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import Stage, Subject
from resources.models import GeneratedResourcePage
from tests.factories import GeneratedResourcePageFactory, SchoolFactory, attach, region

pytestmark = pytest.mark.django_db


def make(library, **kwargs) -> GeneratedResourcePage:
    return GeneratedResourcePageFactory(parent=library, **kwargs)


def titles(response) -> set[str]:
    return {r.title for r in response.context["resources"]}


def test_home_page_shows_latest_published_and_counts(client, library):
    make(library, title="八年级《勾股定理》教学设计")
    make(library, title="尚未审核的草稿", live=False)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "八年级《勾股定理》教学设计" in html
    assert "尚未审核的草稿" not in html
    assert "按学科浏览" in html and "数学" in html
    assert response.context["total_published"] == 1
    assert '<html lang="zh-Hans">' in html
    # The main navigation reaches every public part of the portal.
    for href, label in (
        ("/library/", "资源库"),
        ("/showcase/", "同课异构"),
        ("/courses/", "课程"),
        ("/workshops/", "教师工作坊"),
    ):
        assert f'<a href="{href}">{label}</a>' in html
    assert "个人空间" not in html  # only for signed-in users


def test_listing_filters_combine_and_url_carries_them(client, library):
    math = Subject.objects.get(name="数学")
    chinese = Subject.objects.get(name="语文")
    junior = Stage.objects.get(name="初中")
    primary = Stage.objects.get(name="小学")
    make(library, title="初中数学一", subject=math, stage=junior)
    make(library, title="初中语文一", subject=chinese, stage=junior)
    make(library, title="小学数学一", subject=math, stage=primary, grade=None)
    response = client.get(f"{library.url}?subject={quote('数学')}&stage={quote('初中')}")
    assert titles(response) == {"初中数学一"}
    html = response.content.decode()
    # The form shows the active filters, so the URL can be shared and re-read.
    assert '<option value="数学" selected>' in html
    assert '<option value="初中" selected>' in html


def test_region_filter_matches_any_level_but_not_lookalike_names(client, library):
    yuelu = region("湖南省/长沙市/岳麓区")
    furong = region("湖南省/长沙市/芙蓉区")
    changsha_county = region("湖南省/长沙县")
    heping = region("天津市/和平区")
    make(library, title="岳麓区作品", region=yuelu)
    make(library, title="芙蓉区作品", region=furong)
    make(library, title="长沙县作品", region=changsha_county)
    make(library, title="和平区作品", region=heping)
    assert titles(client.get(library.url, {"region": "湖南省"})) == {"岳麓区作品", "芙蓉区作品", "长沙县作品"}
    assert titles(client.get(library.url, {"region": "湖南省/长沙市"})) == {"岳麓区作品", "芙蓉区作品"}
    assert titles(client.get(library.url, {"region": "湖南省/长沙市/岳麓区"})) == {"岳麓区作品"}
    assert titles(client.get(library.url, {"region": "天津市"})) == {"和平区作品"}


def test_school_kind_tag_and_grade_filters(client, library):
    school = SchoolFactory(name="长沙市第一中学")
    a = make(library, title="一中教学设计", school=school, kind="teaching_design")
    a.tags.add("大单元教学")
    a.save()
    make(library, title="一中反思", school=school, kind="reflection")
    make(library, title="他校反思", kind="reflection")
    assert titles(client.get(library.url, {"school": school.pk})) == {"一中教学设计", "一中反思"}
    assert titles(client.get(library.url, {"school": school.pk, "kind": "reflection"})) == {"一中反思"}
    assert titles(client.get(library.url, {"tag": "大单元教学"})) == {"一中教学设计"}
    assert titles(client.get(library.url, {"grade": "七年级", "stage": "初中"})) == {
        "一中教学设计",
        "一中反思",
        "他校反思",
    }
    assert titles(client.get(library.url, {"grade": "九年级"})) == set()


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "bogus"},
        {"school": "abc"},
        {"level": "'; DROP TABLE"},
        {"sort": "random"},
        {"page": "999"},
        {"page": "-1"},
        {"region": "x" * 5000},
        {"subject": "\x00\x01"},
    ],
)
def test_unknown_filter_values_never_fail(client, library, params):
    make(library)
    response = client.get(library.url, params)
    assert response.status_code == 200


def test_unknown_kind_is_explained(client, library):
    make(library)
    response = client.get(library.url, {"kind": "bogus"})
    assert "未知的资源类型" in response.content.decode()
    assert titles(response) == set()


def test_sorting_by_title_and_newest(client, library):
    make(library, title="乙")
    make(library, title="甲")
    make(library, title="丙")
    by_title = [r.title for r in client.get(library.url, {"sort": "title"}).context["resources"]]
    assert by_title == sorted(by_title)
    newest = [r.title for r in client.get(library.url).context["resources"]]
    assert newest == ["丙", "甲", "乙"]


def test_pagination_keeps_filters(client, library):
    library.page_size = 10
    library.save()
    for i in range(12):
        make(library, title=f"作品{i}")
    first = client.get(library.url, {"subject": "数学"})
    assert len(first.context["resources"]) == 10
    html = first.content.decode()
    assert f"?subject={quote('数学')}&amp;page=2" in html
    second = client.get(library.url, {"subject": "数学", "page": 2})
    assert len(second.context["resources"]) == 2


def test_drafts_are_404_and_never_listed(client, library):
    draft = make(library, title="还在修改的教学设计", live=False)
    assert client.get(draft.url_path.replace("/home", "", 1)).status_code == 404
    assert "还在修改的教学设计" not in client.get(library.url).content.decode()
    assert "还在修改的教学设计" not in client.get("/").content.decode()


def test_resource_page_shows_fields_breadcrumbs_related_and_attachment(client, library):
    page = make(library, title="《勾股定理》教学设计", author_name="李明")
    page.tags.add("核心素养")
    page.save()
    attach(page)
    related = make(library, title="《勾股定理》课件")
    other = make(library, title="语文作品", subject=Subject.objects.get(name="语文"))
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("《勾股定理》教学设计", "李明", "初中", "数学", "#核心素养", "附件下载", "教案 PDF", "资源库", "首页"):
        assert text in html
    assert related.title in html
    assert other.title not in html


def test_attachment_downloads_only_while_the_work_is_published(client, library, django_user_model):
    page = make(library)
    attachment = attach(page)
    url = attachment.document.url
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    page.unpublish()
    assert client.get(url).status_code == 404
    # An attachment uploaded but not attached to any published work is private too.
    loose = attach(make(library, live=False))
    assert client.get(loose.document.url).status_code == 404


def test_view_counter_feeds_most_viewed(client, library):
    page = make(library, title="热门资源")
    make(library, title="冷门资源")
    for _ in range(3):
        client.get(page.url)
    page.refresh_from_db()
    assert page.view_count == 3
    most_viewed = list(client.get("/").context["most_viewed"])
    assert most_viewed[0].title == "热门资源"


def _listing_queries(client, library, n_stored: int, page_size: int) -> int:
    library.page_size = page_size
    library.save()
    existing = GeneratedResourcePage.objects.count()
    for i in range(n_stored - existing):
        page = make(library, title=f"作品{existing + i}")
        page.tags.add("核心素养")
        page.save()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(library.url, {"sort": "newest"})
    assert response.status_code == 200
    assert len(response.context["resources"]) == page_size
    return len(ctx.captured_queries)


def test_listing_query_count_does_not_grow_with_items(client, library):
    client.get(library.url)  # warm per-process caches (content types, site root paths)
    small = _listing_queries(client, library, n_stored=10, page_size=10)
    large = _listing_queries(client, library, n_stored=60, page_size=50)
    assert small == large
    assert large <= 12


def test_home_query_count_does_not_grow_with_resources(client, library):
    for i in range(5):
        make(library, title=f"作品{i}")
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/")
    small = len(ctx.captured_queries)
    for i in range(20):
        make(library, title=f"更多作品{i}")
    with CaptureQueriesContext(connection) as ctx:
        client.get("/")
    assert len(ctx.captured_queries) == small
