"""Properties of the showcase's request parameters: the designs to compare (``?d=<id>&d=<id>``,
``ShowcaseCasePage.choose_designs``) and the listing filter (``showcase.filters.CaseFilter``).
Any values give two or three of the case's own designs (with a Chinese note when the choice
was not usable) and a listing query that answers, never an exception."""

from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from showcase.filters import CaseFilter
from showcase.models import MAX_COMPARED, MIN_COMPARED, ShowcaseCasePage
from tests.strategies import any_text, is_chinese

pytestmark = pytest.mark.django_db
DB_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
DESIGN_IDS = [11, 12, 13, 14]


@pytest.fixture
def page(db):
    """A case page for its comparison rule (not saved: the rule reads only the designs given)."""
    return ShowcaseCasePage(title="勾股定理")


def designs():
    return [SimpleNamespace(pk=pk) for pk in DESIGN_IDS]


@DB_SETTINGS
@given(wanted=st.lists(st.one_of(any_text, st.sampled_from(DESIGN_IDS).map(str)), max_size=6))
@example(wanted=["11", "²"])
@example(wanted=["11", "1" * 30])
@example(wanted=["١١", "１２"])
def test_any_choice_compares_two_or_three_of_the_case_designs(page, wanted):
    available = designs()
    chosen, error = page.choose_designs(available, wanted)
    assert MIN_COMPARED <= len(chosen) <= MAX_COMPARED
    assert all(design in available for design in chosen)
    if error:
        assert is_chinese(error) and chosen == available[:MAX_COMPARED]


@DB_SETTINGS
@given(picked=st.lists(st.sampled_from(DESIGN_IDS), min_size=MIN_COMPARED, max_size=MAX_COMPARED, unique=True))
def test_a_valid_choice_is_compared_in_case_order(page, picked):
    chosen, error = page.choose_designs(designs(), [str(pk) for pk in picked])
    assert error == "" and [d.pk for d in chosen] == sorted(picked)


@DB_SETTINGS
@given(data=st.dictionaries(st.sampled_from(CaseFilter.params + ("page",)), any_text, max_size=4))
@example(data={"region": "\x00天津市/", "subject": "²"})
@example(data={"subject": "0" * 99 + " 0"})  # cut at the limit, the value ended in a space
def test_any_listing_filter_runs_a_query_that_answers(showcase, data):
    cases = ShowcaseCasePage.objects.live()
    case_filter = CaseFilter(data, cases=cases)
    assert case_filter.apply(cases).count() >= 0
    assert all(value.isprintable() and value == value.strip() for value in case_filter.data.values())


HTTP = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@HTTP
@given(params=st.dictionaries(st.sampled_from(("page", "subject", "stage", "region")), any_text, min_size=1))
@example(params={"page": "²", "region": "\x00"})
@example(params={"page": "1" * 30})
def test_the_showcase_listing_answers_any_parameters(client, case, showcase, params):
    response = client.get(showcase.url, params)
    assert response.status_code == 200


@HTTP
@given(wanted=st.lists(any_text, min_size=1, max_size=4))
@example(wanted=["²", "1" * 30])
def test_the_comparison_page_answers_any_design_ids(client, case, wanted):
    response = client.get(f"{case.url}compare/", {"d": wanted})
    assert response.status_code == 200
    assert MIN_COMPARED <= len(response.context["compared"]) <= MAX_COMPARED
