"""学分银行 (credit bank) signal handlers: they only hand work off (after the transaction commits)."""

from django.db import transaction
from django.db.models.signals import post_save

from resources.review.models import Recommendation, RecommendationStatus

from . import tasks


def on_recommendation_saved(sender, instance, **kwargs):
    """An accepted recommendation (推优认定) earns its author credits (优秀成果学分); a
    withdrawn one has them taken back."""
    recommendation_id = instance.pk
    if instance.status == RecommendationStatus.ACCEPTED:
        transaction.on_commit(lambda: tasks.credit_record_recommendation.delay(recommendation_id))
    elif instance.status == RecommendationStatus.WITHDRAWN:
        transaction.on_commit(lambda: tasks.credit_reverse_recommendation.delay(recommendation_id))


def register_signal_handlers() -> None:
    post_save.connect(on_recommendation_saved, sender=Recommendation, dispatch_uid="credits_recommendation_credit")
