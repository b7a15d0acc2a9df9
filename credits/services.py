"""学分银行 (credit bank), write side: recording credits once per source key within the yearly cap,
converting class-hours into credits (one rule, rounded once), and the credits of recommended works.

Callers (training, workshops) record credits through these functions; the credit bank never
calls them back.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from home.text import book_title
from resources.review.models import Recommendation, RecommendationStatus
from resources.review.services import notify

from .models import CreditEntry, CreditRule, CreditSource

CREDIT_STEP = Decimal("0.1")  # credits are kept to one decimal place


class CreditError(ValueError):
    """A credit entry that cannot be recorded; the message is shown to users."""


def credit_year_total(*, teacher, source: str, year: int) -> Decimal:
    total = CreditEntry.objects.filter(teacher=teacher, source=source, earned_on__year=year).aggregate(s=Sum("amount"))
    return total["s"] or Decimal("0")


def credit_amount_for_hours(*, source: str, hours) -> Decimal:
    """Credits for ``hours`` class-hours from ``source``: hours × the rule's ``credits_per_hour``
    (1 credit an hour without a rule), rounded once, half up, to one decimal (2.5 h × 0.5 = 1.3).

    The only place class-hours become credits: courses and workshop activities both call it.
    """
    rule = CreditRule.objects.filter(source=source).first()
    per_hour = rule.credits_per_hour if rule else Decimal("1")
    return (Decimal(str(hours)) * per_hour).quantize(CREDIT_STEP, rounding=ROUND_HALF_UP)


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
        entry = _entry_create_once(
            teacher_id=teacher.pk,
            source_key=source_key,
            source=source,
            amount=amount,
            hours=hours,
            description=description[:200],
            earned_on=earned_on,
            verified_by=verified_by,
        )
        notify(
            recipients=[teacher],
            subject=f"学分入账 +{entry.amount}：{entry.get_source_display()}",
            body=entry.description,
            link=settings.PORTAL_LANDING["teacher"],
            category="credit",
        )
        return entry


def _entry_create_once(*, teacher_id: int, source_key: str, **fields) -> CreditEntry:
    """Create the teacher's entry for ``source_key``; a concurrent call that recorded the same
    key first wins and its entry is returned (the unique constraint decides)."""
    try:
        with transaction.atomic():
            return CreditEntry.objects.create(teacher_id=teacher_id, source_key=source_key, **fields)
    except IntegrityError:
        return CreditEntry.objects.get(teacher_id=teacher_id, source_key=source_key)


def credit_entry_remove(*, teacher, source_key: str) -> None:
    """Take an entry back entirely (e.g. attendance withdrawn before anyone relied on it)."""
    entry = CreditEntry.objects.filter(teacher=teacher, source_key=source_key).first()
    if entry is None:
        return
    entry.delete()
    notify(
        recipients=[teacher],
        subject=f"学分撤销 -{entry.amount}：{entry.get_source_display()}",
        body=entry.description,
        link=settings.PORTAL_LANDING["teacher"],
        category="credit",
    )


def credit_record_recommendation(*, recommendation_id: int) -> CreditEntry | None:
    """优秀成果学分: an accepted recommendation earns its author ``credits_per_item`` × level step
    (县级 ×1, 市级 ×2, 省级 ×3). Recorded once per recommendation; a work without an author
    account, or a step not (or no longer) accepted, earns nothing."""
    recommendation = Recommendation.objects.select_related("page", "decided_by").filter(pk=recommendation_id).first()
    if recommendation is None or recommendation.status != RecommendationStatus.ACCEPTED:
        return None
    page = recommendation.page
    if not page.author_id:
        return None
    rule = CreditRule.objects.filter(source=CreditSource.RECOMMENDED_WORK).first()
    base = rule.credits_per_item if rule else Decimal("2")
    amount = base * max(1, recommendation.level - 1)
    earned_on = timezone.localdate(recommendation.decided_at) if recommendation.decided_at else timezone.localdate()
    try:
        return credit_record(
            teacher=page.author,
            source=CreditSource.RECOMMENDED_WORK,
            amount=amount,
            description=f"{book_title(page.title)}{recommendation.get_level_display()}"[:200],
            source_key=f"recommendation:{recommendation.pk}",
            earned_on=earned_on,
            verified_by=recommendation.decided_by,
        )
    except CreditError:
        return None


def credit_reverse_recommendation(*, recommendation_id: int) -> CreditEntry | None:
    """撤销推优: the credits a withdrawn recommendation earned are taken back by a reversing
    entry (冲销, negative amount, dated the day of withdrawal, verified by whoever withdrew).
    The ledger keeps both lines, so the history stays auditable and totals net to zero.
    Recorded once; a recommendation that never earned credits needs no reversal."""
    recommendation = Recommendation.objects.select_related("page").filter(pk=recommendation_id).first()
    if recommendation is None or recommendation.status != RecommendationStatus.WITHDRAWN:
        return None
    earned = CreditEntry.objects.filter(source_key=f"recommendation:{recommendation.pk}").first()
    if earned is None:
        return None
    withdrawn_on = (
        timezone.localdate(recommendation.withdrawn_at) if recommendation.withdrawn_at else timezone.localdate()
    )
    return _entry_create_once(
        teacher_id=earned.teacher_id,
        source_key=f"recommendation:{recommendation.pk}:withdrawn",
        source=earned.source,
        amount=-earned.amount,
        description=f"撤销：{earned.description}"[:200],
        earned_on=withdrawn_on,
        verified_by=recommendation.withdrawn_by,
    )
