"""The showcase demo loader (called by ``load_demo``) builds cases from library resources."""

import io

import pytest

from showcase.demo import WANTED_CASES, load_demo
from showcase.models import ShowcaseCasePage
from tests.factories import GeneratedResourcePageFactory, SchoolFactory, region

pytestmark = pytest.mark.django_db


def test_loader_builds_cases_from_existing_designs_and_is_idempotent(library, showcase):
    tianjin = SchoolFactory(name="天津市第一中学", region=region("天津市/和平区"))
    hebei = SchoolFactory(name="保定市第一中学", region=region("河北省/保定市/竞秀区"))
    ours = [
        GeneratedResourcePageFactory(
            parent=library, title=f"《春》教学设计（{school.name}）", school=school, region=school.region
        )
        for school in (tianjin, hebei)
    ]
    out = io.StringIO()
    load_demo(stdout=out)
    cases = ShowcaseCasePage.objects.live().order_by("path")
    assert cases.count() == WANTED_CASES
    spring = cases.get(lesson_title="春")  # 津冀 lessons come first
    assert {d.teaching_design_id for d in spring.designs.all()} == {p.pk for p in ours}
    for case in cases:
        designs = case.get_designs()
        assert len(designs) >= 2
        assert all(d.recording and d.objectives and d.phases and d.assessment for d in designs)
        assert all(d.public_courseware and d.public_reflection for d in designs)
        assert len({d.school.pk for d in designs}) == len(designs)
        assert case.expert_commentary
    assert cases.filter(featured=True).count() == 2
    assert "/showcase/" in out.getvalue() and "compare/" in out.getvalue()

    load_demo(stdout=io.StringIO())
    assert ShowcaseCasePage.objects.count() == WANTED_CASES
