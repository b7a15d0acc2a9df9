"""学分银行 (credit bank) signal handlers: they only hand work off (after the transaction commits)."""

from django.db.models.signals import post_save

from home.tasks_queue import enqueue_on_commit
from resources.review.models import Recommendation, RecommendationStatus

from . import tasks


def on_recommendation_saved(sender, instance, **kwargs):
    """An accepted recommendation (推优认定) earns its author credits (优秀成果学分); a
    withdrawn one has them taken back."""
    if instance.status == RecommendationStatus.ACCEPTED:
        enqueue_on_commit(tasks.credit_record_recommendation, instance.pk)
    elif instance.status == RecommendationStatus.WITHDRAWN:
        enqueue_on_commit(tasks.credit_reverse_recommendation, instance.pk)


def register_signal_handlers() -> None:
    post_save.connect(on_recommendation_saved, sender=Recommendation, dispatch_uid="credits_recommendation_credit")
