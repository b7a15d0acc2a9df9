"""Signal handlers of training: they only hand work off, after the transaction commits."""

from home.tasks_queue import enqueue_on_commit

from .tasks import media_thumbnail_generate


def media_saved(sender, instance, **kwargs):
    """A video without a thumbnail gets a poster frame extracted in the background."""
    if instance.type != "video" or instance.thumbnail or not instance.file:
        return
    enqueue_on_commit(media_thumbnail_generate, instance.pk)
