"""Who may download a document (附件下载权限).

A document used by a page (a resource's attachment, a lesson recording's teaching design or
courseware, any page type of any app) is public only while at least one page it belongs to is
live and not view-restricted. "Belongs to" is read from Wagtail's reference index, which every
page save (and the importer) keeps up to date, so this module needs to know no page type. Documents that belong to nothing public (a draft's attachments, an upload
not yet used) are served only to superusers, their uploader and editors of a page they
belong to. Workshop files are decided before this, by the workshops app's hook.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Subquery
from django.db.models.functions import Cast

from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex

from home.visibility import PublicPageQuerySet, path_is_public, restricted_paths


def _page_ids_using(document) -> list[int]:
    """Pages whose stored content (fields or inline children such as attachments) use the document."""
    page_type = ContentType.objects.get_for_model(Page)
    object_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
        .distinct()
    )
    return sorted(int(pk) for pk in object_ids)


def ids_used_by_public_pages(model) -> list[int]:
    """Ids of every ``model`` object (document, image) that some live, unrestricted page uses,
    in one SQL query (Wagtail's reference index records each page's uses).

    A plain list, not a subquery: Wagtail's search backends (the choosers search) can filter
    on ``id__in`` a list but cannot translate ``Exists()`` or a subquery.
    """
    page_type = ContentType.objects.get_for_model(Page)
    public_page_ids = (
        PublicPageQuerySet(model=Page).visible_to_public().annotate(as_text=Cast("pk", CharField())).values("as_text")
    )
    ids = ReferenceIndex.objects.filter(
        base_content_type=page_type,
        to_content_type=ContentType.objects.get_for_model(model),
        object_id__in=Subquery(public_page_ids),
    ).values_list("to_object_id", flat=True)
    return sorted({int(pk) for pk in ids})


def public_document_ids() -> list[int]:
    return ids_used_by_public_pages(get_document_model())


def document_is_public(document) -> bool:
    page_ids = _page_ids_using(document)
    if not page_ids:
        return False
    restricted = restricted_paths()
    return any(
        path_is_public(live=True, path=path, restricted=restricted)
        for path in Page.objects.filter(pk__in=page_ids, live=True).values_list("path", flat=True)
    )


def user_can_download(user, document) -> bool:
    if document_is_public(document):
        return True
    if not user.is_authenticated:
        return False
    if user.is_superuser or document.uploaded_by_user_id == user.pk:
        return True
    # Editors of a page the document belongs to may download it (drafts under review).
    for page in Page.objects.filter(pk__in=_page_ids_using(document)).specific():
        if page.permissions_for_user(user).can_edit():
            return True
    return False
