"""What a visitor can type into the address bar of the public pages that read parameters: the
library listing (``/library/?subject=…&page=…&school=…&level=…``), the search page
(``/search/?q=…&page=…``) and the search API (``/api/search/?q=…``), and the showcase. Whatever
the values (Unicode digits, 30-digit numbers, NULs, huge strings), the answer is never a server
error, and a refusal (4xx) says why in Chinese."""

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from resources.filters import ResourceFilter
from search.query import FILTER_PARAMS
from tests.factories import GeneratedResourcePageFactory
from tests.strategies import any_text, is_chinese

pytestmark = pytest.mark.django_db
HTTP = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

library_params = st.dictionaries(st.sampled_from((*ResourceFilter.params, "page")), any_text, min_size=1, max_size=5)
search_params = st.dictionaries(
    st.sampled_from(("q", "page", "page_size", "sort", *FILTER_PARAMS)), any_text, min_size=1, max_size=5
)


@pytest.fixture
def published(library, database_backend, django_capture_on_commit_callbacks):
    """Two public works, indexed as production indexes them, so that listings and searches have hits."""
    with django_capture_on_commit_callbacks(execute=True):
        return [GeneratedResourcePageFactory(parent=library) for _ in range(2)]


@pytest.fixture
def database_backend(settings):
    settings.ELASTICSEARCH_URL = ""


def assert_answered(response) -> str:
    """Not a server error; a refusal carries a Chinese message. Returns the readable body."""
    assert response.status_code < 500, response.status_code
    if response["Content-Type"].startswith("application/json"):
        body = json.dumps(response.json(), ensure_ascii=False)
    else:
        body = response.content.decode()
    if response.status_code >= 400:
        assert is_chinese(body), body[:300]
    return body


@HTTP
@given(params=library_params)
@example(params={"school": "²", "level": "٣", "page": "１２"})
@example(params={"school": "1" * 30, "page": "9" * 30})
@example(params={"subject": "\x00", "region": "湖南省/\x00", "sort": "²"})
def test_library_listing_answers_any_filter_values(client, published, library, params):
    response = client.get(library.url, params)
    assert_answered(response)
    assert response.status_code == 200


@HTTP
@given(params=search_params)
@example(params={"q": "勾股定理", "page": "²"})
@example(params={"q": "勾股定理", "page": "1" * 30, "level": "١"})
@example(params={"q": "\x00", "region": "\x00"})
def test_search_page_answers_any_parameters(client, published, params):
    response = client.get("/search/", params)
    assert_answered(response)
    assert response.status_code == 200


@HTTP
@given(params=search_params)
@example(params={"q": "勾股定理", "page": "²"})
@example(params={"q": "勾股定理", "page_size": "1" * 30})
@example(params={"q": "勾股定理", "level": "\x00"})
def test_search_api_answers_any_parameters_with_results_or_a_chinese_400(client, published, params):
    response = client.get("/api/search/", params)
    assert_answered(response)
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert is_chinese(response.json()["error"])
    else:
        assert set(response.json()) == {"count", "results", "facets", "did_you_mean"}


@pytest.mark.parametrize("value", ["²", "٣", "１２", "1" * 30])
def test_search_page_and_api_refuse_an_unreadable_page_number_in_chinese(client, published, value):
    page = client.get("/search/", {"q": "勾股定理", "page": value})
    assert page.status_code == 200 and "page 应为正整数" in page.content.decode()
    api = client.get("/api/search/", {"q": "勾股定理", "page": value})
    assert api.status_code == 400 and api.json() == {"error": "page 应为正整数。"}
    assert client.get("/api/search/", {"q": "勾股定理", "page": "1"}).json()["count"] == len(published)
