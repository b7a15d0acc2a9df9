"""Signal handlers of the portal core: they only hand work off."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .models import Grade, Region, School, Stage, Subject
from .page_cache import page_cache_invalidate
from .signals import resources_changed


def _invalidate_page_cache(**kwargs) -> None:
    page_cache_invalidate()


def _on_resources_changed(**kwargs) -> None:
    # Works changed without a publish (review levels, imports): new generation after commit.
    transaction.on_commit(page_cache_invalidate)


def _on_page_saved(sender, instance, created, **kwargs) -> None:
    # A new alias takes its source page's view restrictions (home.visibility).
    if created and isinstance(instance, Page) and instance.alias_of_id is not None:
        page_cache_invalidate()


def register_signal_handlers() -> None:
    post_save.connect(_on_page_saved, dispatch_uid="page_cache_alias_created")
    resources_changed.connect(_on_resources_changed, dispatch_uid="page_cache_resources_changed")
    # Whatever changes what the public may see starts a new page-cache generation.
    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(_invalidate_page_cache, dispatch_uid=f"page_cache_{signal!r}")
    post_delete.connect(_invalidate_page_cache, sender=Page, dispatch_uid="page_cache_page_deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            _invalidate_page_cache, sender=PageViewRestriction, dispatch_uid=f"page_cache_restriction_{signal!r}"
        )
        # Taxonomy names and region paths show on cached pages and in the library's filter form.
        for model in (Region, School, Stage, Subject, Grade):
            signal.connect(_invalidate_page_cache, sender=model, dispatch_uid=f"page_cache_{model.__name__}_{signal!r}")
        # A site's host, port or root page decides what every URL serves (and home.site_cache).
        signal.connect(_invalidate_page_cache, sender=Site, dispatch_uid=f"page_cache_site_{signal!r}")
