"""Properties of the search parameters (``search.query.SearchRequest.from_params``, shared by
the search page and ``/api/search/``) and of query cleaning (``search.text``): any query string
gives a request within bounds or a ``SearchParamError`` whose message is Chinese, never another
exception; valid values read back."""

from hypothesis import example, given
from hypothesis import strategies as st

from search.query import (
    FILTER_PARAMS,
    MAX_PAGE_SIZE,
    MAX_PARAM_LENGTH,
    MAX_RESULT_WINDOW,
    SORTS,
    SearchParamError,
    SearchRequest,
)
from search.text import MAX_QUERY_LENGTH, MAX_QUERY_TERMS, MAX_TERM_LENGTH, normalize_query, query_terms
from tests.strategies import any_text, is_chinese

names = st.sampled_from(("q", "sort", "page", "page_size", *FILTER_PARAMS))
params = st.dictionaries(names, any_text, max_size=8)


@given(params)
@example({"q": "数学", "page": "²"})
@example({"page": "1" * 30, "page_size": "١٢"})
@example({"level": "９", "region": "\x00"})
@example({"page": "501", "page_size": "20"})
def test_any_query_string_is_a_bounded_request_or_a_chinese_refusal(data):
    try:
        request = SearchRequest.from_params(data)
    except SearchParamError as exc:
        assert is_chinese(str(exc))
        return
    assert request.sort in SORTS
    assert request.page >= 1 and 1 <= request.page_size <= MAX_PAGE_SIZE
    assert request.page * request.page_size <= MAX_RESULT_WINDOW
    assert 0 <= request.offset < MAX_RESULT_WINDOW
    assert len(request.q) <= MAX_QUERY_LENGTH
    for name, value in request.filters.items():
        assert name in FILTER_PARAMS and value and "\x00" not in value and len(value) <= MAX_PARAM_LENGTH
    if request.min_level is not None:
        assert 0 <= request.min_level <= 4


@given(st.integers(1, MAX_PAGE_SIZE), st.data())
def test_valid_pages_sizes_levels_and_sorts_read_back(page_size, data):
    page = data.draw(st.integers(1, MAX_RESULT_WINDOW // page_size))
    level = data.draw(st.integers(0, 4))
    sort = data.draw(st.sampled_from(sorted(SORTS)))
    request = SearchRequest.from_params(
        {"page": str(page), "page_size": str(page_size), "level": str(level), "sort": sort}
    )
    assert (request.page, request.page_size, request.min_level, request.sort) == (page, page_size, level, sort)


@given(st.integers(1, 10**30), st.sampled_from(["page", "page_size"]))
def test_pages_past_the_result_window_are_refused_in_chinese(excess, name):
    value = str((MAX_RESULT_WINDOW if name == "page" else MAX_PAGE_SIZE) + excess)
    try:
        SearchRequest.from_params({name: value})
    except SearchParamError as exc:
        assert is_chinese(str(exc))
    else:
        raise AssertionError(f"{name}={value} was accepted")


@given(any_text)
@example('title:* OR "')
@example("\x00勾股定理\x00")
def test_query_cleaning_never_raises_and_bounds_the_terms(text):
    cleaned = normalize_query(text)
    assert len(cleaned) <= MAX_QUERY_LENGTH and "\x00" not in cleaned
    terms = query_terms(text)
    assert len(terms) <= MAX_QUERY_TERMS and len(set(terms)) == len(terms)
    assert all(term and len(term) <= MAX_TERM_LENGTH for term in terms)
