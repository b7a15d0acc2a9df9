"""Credit bank ledger rules: once per source key, yearly cap of the source's rule."""

import datetime
from decimal import Decimal

import pytest

from credits.models import CreditEntry, CreditRule
from credits.services import CreditError, credit_record, credit_year_total
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_same_source_key_is_recorded_once():
    teacher = UserFactory()
    first = credit_record(teacher=teacher, source="course", amount=8, description="完成课程", source_key="course:1")
    again = credit_record(teacher=teacher, source="course", amount=8, description="完成课程", source_key="course:1")
    assert first.pk == again.pk
    assert CreditEntry.objects.filter(teacher=teacher).count() == 1


def test_school_research_is_capped_at_twenty_a_year_by_default():
    teacher = UserFactory()
    day = datetime.date(2026, 3, 1)
    for i in range(4):
        credit_record(
            teacher=teacher,
            source="school_research",
            amount=4,
            description="校本研修活动",
            source_key=f"act:{i}",
            earned_on=day,
        )
    last = credit_record(
        teacher=teacher, source="school_research", amount=6, description="主题研修", source_key="act:4", earned_on=day
    )
    assert last.amount == Decimal("4")  # cut to what remains under the cap
    assert credit_year_total(teacher=teacher, source="school_research", year=2026) == Decimal("20")
    with pytest.raises(CreditError, match="已达上限 20"):
        credit_record(
            teacher=teacher, source="school_research", amount=1, description="再一次", source_key="act:x", earned_on=day
        )
    # A new year starts from zero.
    credit_record(
        teacher=teacher,
        source="school_research",
        amount=3,
        description="新学年",
        source_key="act:2027",
        earned_on=datetime.date(2027, 2, 1),
    )
    assert credit_year_total(teacher=teacher, source="school_research", year=2027) == Decimal("3")


def test_partial_amount_when_the_cap_is_nearly_reached():
    teacher = UserFactory()
    CreditRule.objects.filter(source="workshop").update(yearly_cap=Decimal("10"))
    credit_record(teacher=teacher, source="workshop", amount=8, description="工作坊", source_key="w:1")
    entry = credit_record(teacher=teacher, source="workshop", amount=5, description="工作坊", source_key="w:2")
    assert entry.amount == Decimal("2")


@pytest.mark.parametrize("amount", [0, -1])
def test_non_positive_amounts_are_refused(amount):
    with pytest.raises(CreditError):
        credit_record(teacher=UserFactory(), source="course", amount=amount, description="x", source_key="k")
