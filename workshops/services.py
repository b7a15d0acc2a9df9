"""Services of the workshops app; the credit bank's write path lives here."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from .models import CreditEntry, CreditRule, CreditSource


class CreditError(ValueError):
    """A credit entry that cannot be recorded; the message is shown to users."""


def credit_year_total(*, teacher, source: str, year: int) -> Decimal:
    total = CreditEntry.objects.filter(teacher=teacher, source=source, earned_on__year=year).aggregate(s=Sum("amount"))
    return total["s"] or Decimal("0")


def credit_record(
    *,
    teacher,
    source: str,
    amount: Decimal | int | float | str,
    description: str,
    source_key: str,
    earned_on: datetime.date | None = None,
    hours: Decimal | None = None,
    verified_by=None,
) -> CreditEntry:
    """Record credits for a teacher, once per ``source_key``, within the yearly cap.

    Recording the same ``source_key`` again returns the existing entry (completing a course
    twice never doubles its credits). Over the cap of the source's ``CreditRule`` the amount
    is cut to what remains; with nothing left it is refused with a Chinese message.
    """
    if source not in CreditSource.values:
        raise CreditError(f"未知的学分来源“{source}”。")
    amount = Decimal(str(amount))
    if amount <= 0:
        raise CreditError("学分必须大于 0。")
    earned_on = earned_on or timezone.localdate()
    existing = CreditEntry.objects.filter(teacher=teacher, source_key=source_key).first()
    if existing:
        return existing
    rule = CreditRule.objects.filter(source=source).first()
    with transaction.atomic():
        if rule and rule.yearly_cap is not None:
            remaining = rule.yearly_cap - credit_year_total(teacher=teacher, source=source, year=earned_on.year)
            if remaining <= 0:
                raise CreditError(
                    f"{earned_on.year} 年“{rule.get_source_display()}”学分已达上限 {rule.yearly_cap} 分，本次不再计入。"
                )
            amount = min(amount, remaining)
        try:
            with transaction.atomic():
                return CreditEntry.objects.create(
                    teacher=teacher,
                    source=source,
                    amount=amount,
                    hours=hours,
                    description=description[:200],
                    earned_on=earned_on,
                    source_key=source_key,
                    verified_by=verified_by,
                )
        except IntegrityError:
            # A concurrent call recorded the same key first.
            return CreditEntry.objects.get(teacher=teacher, source_key=source_key)
