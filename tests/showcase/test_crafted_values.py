"""Crafted query values (a Unicode digit, a 30-digit number, a negative number) on the showcase
pages: a 4xx or a Chinese message, never a 500. The showcase writes nothing from a request."""

import pytest

from showcase.models import CaseDesign, ShowcaseCasePage

pytestmark = pytest.mark.django_db

CRAFTED = ["²", "1" * 30, "-1"]


def stored(case):
    return ShowcaseCasePage.objects.count(), list(CaseDesign.objects.filter(page=case).values_list("pk", "label"))


@pytest.mark.parametrize("value", CRAFTED)
def test_comparison_with_crafted_design_ids(client, case, value):
    before = stored(case)
    first = case.designs.first().pk
    response = client.get(f"{case.url}compare/", {"d": [first, value]})
    assert response.status_code == 200
    assert "请选择 2–3 个教学设计进行对比" in response.content.decode()
    assert len(response.context["compared"]) == 3  # the first ones instead
    assert stored(case) == before


@pytest.mark.parametrize("value", CRAFTED)
def test_recording_with_a_crafted_id(client, case, value):
    before = stored(case)
    assert client.get(f"{case.url}recording/{value}/").status_code == 404
    assert stored(case) == before


@pytest.mark.parametrize("value", CRAFTED)
@pytest.mark.parametrize("param", ["page", "subject", "stage", "region"])
def test_listing_with_crafted_filters(client, case, showcase, param, value):
    before = stored(case)
    response = client.get(showcase.url, {param: value})
    assert response.status_code == 200
    assert stored(case) == before
