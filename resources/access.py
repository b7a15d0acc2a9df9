"""Who may download a document (附件下载权限).

A document attached to a resource is public only while at least one resource
it is attached to is live and not view-restricted. Documents attached to
nothing public (a draft's attachments, an upload not yet attached) are served
only to users who can manage documents or uploaded the file themselves.
"""

from __future__ import annotations

from wagtail.models import Page, PageViewRestriction


def document_is_public(document) -> bool:
    from .models import ResourceAttachment

    page_ids = list(ResourceAttachment.objects.filter(document=document).values_list("page_id", flat=True))
    if not page_ids:
        return False
    live_pages = Page.objects.filter(pk__in=page_ids, live=True)
    restricted_paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    for path in live_pages.values_list("path", flat=True):
        if not any(path.startswith(restricted) for restricted in restricted_paths):
            return True
    return False


def user_can_download(user, document) -> bool:
    if document_is_public(document):
        return True
    if not user.is_authenticated:
        return False
    if user.is_superuser or document.uploaded_by_user_id == user.pk:
        return True
    from .models import ResourceAttachment

    # Editors of a page the document belongs to may download it (drafts under review).
    for attachment in ResourceAttachment.objects.filter(document=document).select_related("page"):
        if attachment.page.permissions_for_user(user).can_edit():
            return True
    return False
