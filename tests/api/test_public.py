"""The public endpoints answer what the portal shows the public, and nothing hidden."""

from __future__ import annotations

import json

import pytest

from django.test import Client

from .conftest import SECRET, client_as

PUBLIC_LISTS = (
    "/api/v1/resources/",
    "/api/v1/search/",
    "/api/v1/courses/",
    "/api/v1/workshops/",
    "/api/v1/showcase/",
    "/api/v1/stages/",
    "/api/v1/subjects/",
    "/api/v1/grades/",
    "/api/v1/regions/",
    "/api/v1/schools/",
)


def get(client, url, **params):
    response = client.get(url, params)
    return response, response.json()


@pytest.mark.parametrize("role", ["anonymous", "teacher", "other", "editor"])
def test_no_list_shows_hidden_material_to_any_role(world, role):
    client = client_as(world, role)
    for url in PUBLIC_LISTS:
        response = client.get(url, {"page_size": 100})
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url


def test_resource_list_applies_the_library_filters_and_counts_facets(world):
    client = Client()
    response, data = get(client, "/api/v1/resources/", stage="初中", subject="数学", region="湖南省/长沙市")
    assert response.status_code == 200
    assert [r["title"] for r in data["results"]] == ["勾股定理公开设计"]
    assert data["results"][0]["tags"] == ["勾股定理"]
    assert data["results"][0]["region"] == "湖南省/长沙市/岳麓区"
    assert data["facets"]["subject"] == [{"value": "数学", "count": 1}]
    # An unknown name selects nothing (as in the library); it is not an error.
    response, data = get(client, "/api/v1/resources/", subject="天文学")
    assert response.status_code == 200 and data["count"] == 0


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "poem"}, "参数 kind 应为以下之一：teaching_design"),
        ({"kind": ""}, "参数 kind 应为以下之一"),
        ({"level": "9"}, "参数 level 应为1 到 4 之间的整数"),
        ({"school": "²"}, "参数 school 应为不小于 1 的整数"),
        ({"sort": "random"}, "参数 sort 应为以下之一：newest、title、views"),
        ({"page": "0"}, "page 应为"),
        ({"page_size": "1000"}, "page_size 应为"),
        ({"tag": "勾股\x00定理"}, "参数 tag 含有控制字符"),
        ({"region": "湖南省\n"}, "参数 region 含有控制字符"),
    ],
)
def test_bad_parameters_answer_400_with_a_chinese_message(world, params, message):
    response, data = get(Client(), "/api/v1/resources/", **params)
    assert response.status_code == 400
    assert message in data["detail"]


def test_a_page_past_the_end_is_404_and_says_so(world):
    response, data = get(Client(), "/api/v1/resources/", page="50")
    assert response.status_code == 404
    assert "没有第 50 页" in data["detail"]


def test_resource_detail_carries_attachments_with_download_links_that_work(world):
    client = Client()
    response, data = get(client, f"/api/v1/resources/{world.public.pk}/")
    assert response.status_code == 200
    [attachment] = data["attachments"]
    assert attachment["title"] == "教案 PDF" and attachment["file_name"].endswith(".pdf")
    download = client.get(attachment["download_url"].removeprefix("http://testserver"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("hidden", ["draft", "other_draft", "rejected", "restricted"])
@pytest.mark.parametrize("role", ["anonymous", "teacher", "editor"])
def test_hidden_resources_are_404_for_everyone(world, hidden, role):
    response = client_as(world, role).get(f"/api/v1/resources/{getattr(world, hidden).pk}/")
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_a_draft_attachment_has_no_link_anywhere_and_does_not_download(world):
    from tests.factories import attach

    hidden = attach(world.draft)
    response = Client().get(hidden.document.url)
    assert response.status_code in (403, 404)
    listing = Client().get("/api/v1/resources/", {"page_size": 100}).content.decode()
    assert hidden.document.url not in listing


def test_detail_ids_that_are_not_numbers_are_404_not_500(world):
    for text in ("abc", "0", "-1", "99999999999999999999999", "%C2%B2"):
        response = Client().get(f"/api/v1/resources/{text}/")
        assert response.status_code == 404, text
        assert "detail" in response.json()


def test_course_detail_lists_only_published_modules(world):
    response, data = get(Client(), f"/api/v1/courses/{world.course.pk}/")
    assert response.status_code == 200
    assert [m["title"] for m in data["modules"]] == ["模块一：目标"]
    assert data["modules"][0]["online_hours"] == "2.0"


def test_members_only_workshop_is_neither_listed_nor_served(world):
    response, data = get(Client(), "/api/v1/workshops/")
    assert [w["title"] for w in data["results"]] == ["岳麓初中数学工作坊"]
    assert Client().get(f"/api/v1/workshops/{world.closed_workshop.pk}/").status_code == 404
    assert Client().get(f"/api/v1/workshops/{world.open_workshop.pk}/").json()["host"] == "api_county"


def test_search_takes_the_search_pages_parameters(world):
    response, data = get(Client(), "/api/v1/search/", q="勾股定理", stage="初中")
    assert response.status_code == 200
    assert [hit["title"] for hit in data["results"]] == ["勾股定理公开设计"]
    response, data = get(Client(), "/api/v1/search/", sort="random")
    assert response.status_code == 400 and data["detail"]


def test_taxonomies_answer_names_usable_as_filters(world):
    _, regions = get(Client(), "/api/v1/regions/", region="湖南省/长沙市")
    assert {r["path"] for r in regions["results"]} >= {"湖南省/长沙市", "湖南省/长沙市/岳麓区"}
    assert all(r["path"].startswith("湖南省/长沙市") for r in regions["results"])
    _, schools = get(Client(), "/api/v1/schools/", region="湖南省/长沙市/岳麓区", page_size=100)
    assert {"岳麓A校", "岳麓B校"} <= {s["name"] for s in schools["results"]}
    _, grades = get(Client(), "/api/v1/grades/", stage="初中")
    assert {g["stage"] for g in grades["results"]} == {"初中"}
    # An overlong path is cut as the library's filters cut it, and matches nothing.
    response, schools = get(Client(), "/api/v1/schools/", region="长" * 300)
    assert response.status_code == 200 and schools["count"] == 0


def test_schema_and_docs_are_served_without_any_outside_asset(world):
    schema = Client().get("/api/v1/schema/", {"format": "json"})
    assert schema.status_code == 200
    paths = json.loads(schema.content)["paths"]
    assert "/api/v1/resources/" in paths and "/api/v1/me/credits/" in paths
    assert not [p for p in paths if not p.startswith("/api/v1/")]
    assert paths["/api/v1/resources/"]["get"]["summary"] == "资源列表"
    docs = Client().get("/api/v1/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs
