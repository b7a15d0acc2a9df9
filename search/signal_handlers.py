"""Signal handlers of the search app: they only record changes in the outbox
(``services.resource_changed``), in the transaction of the change itself. Every indexed page
type (``search.sources.INDEXED_MODELS``) goes through the same outbox and drain."""

from __future__ import annotations

from wagtail.models.pages import COMMENTS_RELATION_NAME

from home.signals import in_bulk_write, resources_changed
from resources.models import GeneratedResourcePage

from . import services
from .sources import INDEXED_MODELS, OTHER_MODELS, indexed_ids_below, with_dependents

# Fields whose change alters the search document; a save touching none of them (Wagtail's
# save_revision of a draft, say) is skipped.
INDEXED_FIELDS = frozenset(
    {"title", "summary", "body", "kind", "subject", "stage", "grade", "region", "school", "author_name",
     "recommendation_level", "live", "url_path", "path", "slug", "first_published_at", "created_at", "tags"}
)  # fmt: skip


def resource_saved(sender, instance, update_fields=None, **kwargs):
    if in_bulk_write():  # the writer announces the whole batch through resources_changed
        return
    if update_fields is not None and INDEXED_FIELDS.isdisjoint(update_fields):
        return
    services.resources_changed(page_ids=with_dependents([instance.pk]))


# Fields Wagtail saves alone for its own bookkeeping (a draft revision, a lock, comments): no
# document of any type shows them.
PAGE_BOOKKEEPING = frozenset(
    {"has_unpublished_changes", "draft_title", "latest_revision", "latest_revision_created_at", "locked",
     "locked_at", "locked_by", "live_revision", COMMENTS_RELATION_NAME}
)  # fmt: skip


def page_saved(sender, instance, update_fields=None, **kwargs):
    """A course, micro-lecture, recording, case or workshop was saved (a course's items with it)."""
    if update_fields is not None and PAGE_BOOKKEEPING.issuperset(update_fields):
        return
    services.resources_changed(page_ids=with_dependents([instance.pk]))


def on_resources_changed(sender, page_ids, **kwargs):
    """The library announced changes that no model signal showed (update(), bulk import)."""
    services.resources_changed(page_ids=with_dependents(page_ids))


def resource_deleted(sender, instance, **kwargs):
    services.resources_changed(page_ids=with_dependents([instance.pk]))


def page_published_or_unpublished(sender, instance, **kwargs):
    # Wagtail saves the page when it publishes or unpublishes, so post_save has normally
    # recorded it a moment ago in this thread; record again only if it has not (a course's
    # items unpublished with it are saved as plain pages, which no post_save handler sees).
    if isinstance(instance, tuple(INDEXED_MODELS)) and not services.recently_recorded(page_id=instance.pk):
        services.resources_changed(page_ids=with_dependents([instance.pk]))


def pages_below_changed(sender, instance, **kwargs):
    """A view restriction or a move changes visibility or URLs of every indexed page below."""
    page = getattr(instance, "page", None) or instance
    if not getattr(page, "path", None):
        return
    services.resources_changed(page_ids=with_dependents(indexed_ids_below(page.path)))


def page_moved(sender, instance, **kwargs):
    pages_below_changed(sender, instance)


def taxonomy_changed(sender, instance, created=False, **kwargs):
    """A renamed subject, stage, grade, school or region changes the documents that use it."""
    if created:
        return
    field = {"Subject": "subject", "Stage": "stage", "Grade": "grade", "School": "school", "Region": "region"}[
        sender.__name__
    ]
    ids = []
    for model in INDEXED_MODELS:
        if any(f.name == field for f in model._meta.get_fields()):
            ids += model.objects.filter(**{field: instance}).values_list("pk", flat=True)
    services.resources_changed(page_ids=with_dependents(ids))


def tag_changed(sender, instance, created=False, **kwargs):
    if created:
        return
    ids = GeneratedResourcePage.objects.filter(tags=instance).values_list("pk", flat=True)
    services.resources_changed(page_ids=list(ids))


def connect_page_model(model) -> None:
    """Saves and deletes of an indexed page type other than resources go through the outbox
    (also called by ``sources.register``, so an app's ready order does not matter)."""
    from django.db.models.signals import post_delete, post_save

    post_save.connect(page_saved, sender=model, dispatch_uid=f"search.page_saved.{model.__name__}")
    post_delete.connect(resource_deleted, sender=model, dispatch_uid=f"search.page_deleted.{model.__name__}")


def connect() -> None:
    from django.db.models.signals import post_delete, post_save, pre_delete

    from taggit.models import Tag
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from home.models import Grade, Region, School, Stage, Subject

    post_save.connect(resource_saved, sender=GeneratedResourcePage, dispatch_uid="search.resource_saved")
    resources_changed.connect(on_resources_changed, dispatch_uid="search.resources_changed")
    post_delete.connect(resource_deleted, sender=GeneratedResourcePage, dispatch_uid="search.resource_deleted")
    # Before the delete too: its cases' designs point at it until the delete clears the link.
    pre_delete.connect(resource_deleted, sender=GeneratedResourcePage, dispatch_uid="search.resource_deleting")
    for model in OTHER_MODELS:
        connect_page_model(model)
    page_published.connect(page_published_or_unpublished, dispatch_uid="search.page_published")
    page_unpublished.connect(page_published_or_unpublished, dispatch_uid="search.page_unpublished")
    post_page_move.connect(page_moved, dispatch_uid="search.page_moved")
    for signal in (post_save, post_delete):
        signal.connect(pages_below_changed, sender=PageViewRestriction, dispatch_uid=f"search.restriction.{id(signal)}")
    for model in (Subject, Stage, Grade, School, Region):
        post_save.connect(taxonomy_changed, sender=model, dispatch_uid=f"search.taxonomy.{model.__name__}")
    post_save.connect(tag_changed, sender=Tag, dispatch_uid="search.tag_changed")


def after_migrate(sender, **kwargs):
    from django.db import DEFAULT_DB_ALIAS

    if kwargs.get("using", DEFAULT_DB_ALIAS) == DEFAULT_DB_ALIAS:
        services.database_backfill_if_empty()
