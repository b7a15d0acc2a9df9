"""Signal handlers of the workshops app; they only hand work off (after the transaction commits)."""

from django.db import transaction
from django.db.models.signals import post_save


def on_recommendation_saved(sender, instance, **kwargs):
    """An accepted recommendation (推优认定) earns its author credits (优秀成果学分); a
    withdrawn one has them taken back."""
    from resources.review.models import RecommendationStatus

    from .tasks import credit_record_recommendation, credit_reverse_recommendation

    recommendation_id = instance.pk
    if instance.status == RecommendationStatus.ACCEPTED:
        transaction.on_commit(lambda: credit_record_recommendation.delay(recommendation_id))
    elif instance.status == RecommendationStatus.WITHDRAWN:
        transaction.on_commit(lambda: credit_reverse_recommendation.delay(recommendation_id))


def register_signal_handlers() -> None:
    from resources.review.models import Recommendation

    post_save.connect(on_recommendation_saved, sender=Recommendation, dispatch_uid="workshops_recommendation_credit")
