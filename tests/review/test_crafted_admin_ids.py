"""Finding 8, admin places reached by someone who is not a superuser: 30-digit (and other
unreadable) ids in the explorer's paths and ``?id=`` lists pass the scoping middleware
(``resources.review.middleware``) and the document chooser's search takes any text. Each is
a 404 with the portal's Chinese page, a redirect or an explained empty result, never a 500."""

import re

import pytest

from tests.factories import DocumentFactory

BIG = "1" * 30
CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_answered(response) -> str:
    assert response.status_code < 500, response.status_code
    body = response.content.decode()
    if response.status_code >= 400:
        assert CJK.search(body), body[:300]
    return body


@pytest.mark.parametrize("value", [BIG, "9" * 19, "9223372036854775808"])
@pytest.mark.parametrize(
    "url", ["/admin/pages/{v}/", "/admin/pages/{v}/edit/", "/admin/choose-page/{v}/", "/admin/pages/{v}/history/"]
)
def test_an_id_too_long_for_the_database_in_an_admin_path_is_a_chinese_404_for_a_teacher(world, client, url, value):
    client.force_login(world.teacher)
    response = client.get(url.format(v=value))
    assert response.status_code == 404
    assert "页面不存在" in assert_answered(response)


@pytest.fixture(params=["teacher", "superuser"])
def signed_in(request, world, client):
    """The client signed in as a teacher (scoped by the middleware) or as a superuser (not)."""
    user = world.teacher if request.param == "teacher" else request.getfixturevalue("admin_user")
    client.force_login(user)
    return client


@pytest.mark.parametrize("value", [BIG, "²", "١٢", "abc", "-1"])
@pytest.mark.parametrize(
    "url",
    [
        "/admin/bulk/wagtailcore/page/delete/",
        "/admin/bulk/wagtaildocs/document/delete/",
        "/admin/bulk/wagtailimages/image/delete/",
        "/admin/documents/chooser/chosen-multiple/",
        "/admin/images/chooser/chosen-multiple/",
    ],
)
def test_unreadable_ids_in_an_admin_id_list_are_dropped(world, signed_in, url, value):
    """Wagtail handed ``?id=`` to the database as it came: ²/abc were a ValueError, 30 digits an
    OverflowError (500), for a superuser too."""
    mine = DocumentFactory(title="我的教案 附件", uploaded_by_user=world.teacher)
    response = signed_in.get(url, {"id": [value, str(mine.pk)]})
    assert_answered(response)
    assert response.status_code in (200, 403, 404) or "/accounts/login/" not in response["Location"]


@pytest.mark.parametrize("value", [BIG, "²", "abc", "-1", "1"])
def test_the_page_chooser_lists_the_chosen_pages_and_drops_unreadable_ids_and_the_tree_root(world, signed_in, value):
    """``?id=1`` (the tree's root, which has no parent) was a 500 in Wagtail's page chooser."""
    response = signed_in.get("/admin/choose-page/chosen-multiple/", {"id": [value, str(world.library.pk)]})
    assert response.status_code == 200
    assert [page["id"] for page in response.json()["result"]] == [world.library.pk]


@pytest.mark.parametrize("query", ["²", BIG, "勾股定理" * 60, "\x00", 'title:* OR "', "%", "٣"])
@pytest.mark.parametrize("url", ["/admin/documents/chooser/results/", "/admin/documents/chooser/"])
def test_a_teacher_searches_the_document_chooser_with_any_text(world, client, url, query):
    DocumentFactory(title="勾股定理 我的教案", uploaded_by_user=world.teacher)
    client.force_login(world.teacher)
    response = client.get(url, {"q": query})
    assert response.status_code == 200


def test_a_quoted_word_in_the_document_chooser_finds_what_the_word_finds(world, client):
    """Double quotes reached SQLite's full-text query unescaped (a 500); now they are literal."""
    mine = DocumentFactory(title="勾股定理 我的教案", uploaded_by_user=world.teacher)
    client.force_login(world.teacher)
    for query in ('"勾股定理"', '勾股定理"', '勾股定理 " OR "'):
        response = client.get("/admin/documents/chooser/results/", {"q": query})
        assert response.status_code == 200, query
        assert (mine.title in response.content.decode()) is (query != '勾股定理 " OR "'), query


@pytest.mark.parametrize("url", ["/admin/review/page/{v}/", "/admin/review/page/{v}/approve/"])
def test_an_id_too_long_for_the_database_in_a_review_screen_is_a_chinese_404_for_a_trainer(world, client, url):
    client.force_login(world.school_trainer)
    response = client.get(url.format(v=BIG))
    assert response.status_code == 404
    assert "页面不存在" in assert_answered(response)
