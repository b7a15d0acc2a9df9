"""The public site as a product: titles, descriptions and Open Graph on every public page,
and a sitemap of public pages only."""

import re
from html import unescape

import pytest

from wagtail.models import PageViewRestriction

from tests.factories import GeneratedResourcePageFactory

pytestmark = pytest.mark.django_db


def head_tags(html: str) -> dict[str, str]:
    head = html.split("</head>")[0]
    tags = {"title": unescape(re.search(r"<title>(.*?)</title>", head, re.S)[1].strip())}
    for _attr, name, content in re.findall(r'<meta (name|property)="([^"]+)" content="([^"]*)"', head):
        tags[name] = unescape(content)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', head)
    tags["canonical"] = canonical[1] if canonical else ""
    return tags


def public_urls(case, library):
    resource = case.designs.first().teaching_design
    return {
        "/": "教师研训资源云",
        library.url: "资源库",
        resource.url: resource.title,
        "/showcase/": "同课异构",
        case.url: case.title,
        f"{case.url}compare/": f"并排对比：{case.title}",
        "/search/?q=勾股定理": "勾股定理",
    }


def test_every_public_page_has_title_description_and_open_graph(client, case, library):
    for url, title_part in public_urls(case, library).items():
        response = client.get(url)
        assert response.status_code == 200, url
        tags = head_tags(response.content.decode())
        assert title_part in tags["title"] and tags["title"].endswith("RTPT 教师研训资源云"), (url, tags["title"])
        assert len(tags["description"]) >= 10, url
        assert tags["og:description"] == tags["description"], url
        for key in ("og:title", "og:site_name", "og:type", "og:locale", "og:url"):
            assert tags.get(key), (url, key)
        assert tags["og:url"] == tags["canonical"] and tags["canonical"].startswith("http://testserver/"), url


def test_case_and_comparison_descriptions_say_what_is_compared(client, case):
    case_tags = head_tags(client.get(case.url).content.decode())
    assert "津冀两地教师执教同一课题" in case_tags["description"]
    compare_tags = head_tags(client.get(f"{case.url}compare/").content.decode())
    assert "《勾股定理》同课异构" in compare_tags["description"] and "赵敏" in compare_tags["description"]


def test_pages_are_in_chinese_with_one_h1_and_labelled_landmarks(client, case):
    for url in ("/showcase/", case.url, f"{case.url}compare/"):
        html = client.get(url).content.decode()
        assert '<html lang="zh-Hans">' in html
        assert html.count("<h1") == 1, url
        assert 'class="skip-link" href="#main"' in html and '<main id="main"' in html
        for select_id in re.findall(r'<select id="([^"]+)"', html):
            assert f'<label for="{select_id}">' in html, (url, select_id)


def test_sitemap_lists_public_pages_only(client, case, library):
    GeneratedResourcePageFactory(parent=library, title="草稿", slug="draft-work", live=False)
    private = GeneratedResourcePageFactory(parent=library, title="私有", slug="private-work")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    public = case.designs.first().teaching_design
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    locations = set(re.findall(r"<loc>([^<]+)</loc>", xml))
    assert public.full_url in locations
    assert case.full_url in locations and f"{case.full_url}compare/" in locations
    assert any(loc.endswith("/showcase/") for loc in locations)
    assert not any("draft-work" in loc or "private-work" in loc for loc in locations)
