"""Properties of the library filter (资源库筛选, ``resources.filters.ResourceFilter``): whatever
the query string carries, the filter keeps only printable, bounded values, falls back to a
known sort, and applying it to the listing runs a query that answers (maybe nothing), with a
Chinese message for each value it could not use."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from resources.filters import MAX_PARAM_LENGTH, SORTS, ResourceFilter
from resources.models import GeneratedResourcePage
from tests.strategies import any_text, is_chinese

query = st.dictionaries(st.sampled_from(ResourceFilter.params + ("page", "q")), any_text, max_size=6)


@given(query)
@example({"school": "²", "level": "١٢"})
@example({"school": "1" * 30, "sort": "\x00"})
@example({"region": "\x00湖南省/", "tag": "１２"})
@example({"subject": "0" * 99 + " 0"})  # cut at the limit, the value ended in a space
def test_a_filter_keeps_printable_bounded_values_and_a_known_sort(data):
    resource_filter = ResourceFilter(data)
    assert resource_filter.sort in SORTS
    for key, value in resource_filter.data.items():
        assert key in ResourceFilter.params
        assert value and value == value.strip() and len(value) <= MAX_PARAM_LENGTH
        assert value.isprintable()
    assert all(is_chinese(error) for error in resource_filter.errors)


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=query)
@example(data={"school": "²"})
@example(data={"school": "1" * 30, "level": "9" * 30})
@example(data={"level": "٣", "kind": "１２"})
def test_applying_any_filter_runs_a_query_that_answers(library, data):
    resource_filter = ResourceFilter(data)
    listing = resource_filter.apply(GeneratedResourcePage.objects.live())
    assert listing.count() >= 0
    list(resource_filter.schools())
    for name, message in (("school", "学校参数无效"), ("level", "推优级别参数无效")):
        if name in resource_filter.data and message in "".join(resource_filter.errors):
            assert listing.count() == 0
    assert all(is_chinese(error) for error in resource_filter.errors)


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(school=st.integers(1, 2**63 - 1), level=st.integers(0, 4))
def test_valid_school_and_level_are_used_without_an_error(library, school, level):
    resource_filter = ResourceFilter({"school": str(school), "level": str(level)})
    listing = resource_filter.apply(GeneratedResourcePage.objects.live())
    assert resource_filter.errors == []
    assert listing.count() == 0 or school in set(listing.values_list("school_id", flat=True))
