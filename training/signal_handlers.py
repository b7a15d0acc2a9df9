"""Signal handlers of training: they only hand work off, after the transaction commits."""

from django.db import transaction

from .tasks import media_thumbnail_generate


def media_saved(sender, instance, **kwargs):
    """A video without a thumbnail gets a poster frame extracted in the background."""
    if instance.type != "video" or instance.thumbnail or not instance.file:
        return
    media_id = instance.pk
    transaction.on_commit(lambda: media_thumbnail_generate.delay(media_id))
