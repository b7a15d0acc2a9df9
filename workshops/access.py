"""Downloads of workshop files (工作坊文件).

A document uploaded to a workshop is served only to those who may see that workshop's material:
anyone for a public, live workshop; members, hosts and superusers for a members-only one.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponse

from .models.choices import Visibility
from .models.workshop import MemberStatus, WorkshopFile
from .permissions import can_view_material


def workshop_document_allowed(*, user, document) -> bool | None:
    """None when the document belongs to no workshop (other rules decide); else whether ``user`` may download it."""
    files = list(WorkshopFile.objects.filter(document=document).select_related("workshop"))
    if not files:
        return None
    return any(can_view_material(workshop=item.workshop, user=user) for item in files)


def workshop_document_response(document) -> HttpResponse:
    """Serve the file the way Wagtail's document view does (attachment, nosniff, no embedded content).

    Wagtail only honours a plain ``HttpResponse`` from a ``before_serve_document`` hook (a
    streaming ``FileResponse`` is ignored and the next hook runs), so the file is read whole;
    uploads are capped by ``WAGTAILDOCS_MAX_UPLOAD_SIZE``.
    """
    with document.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=document.content_type)
    response["Content-Disposition"] = document.content_disposition
    if getattr(settings, "WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT", True):
        response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def document_ids_closed_to(user) -> list[int]:
    """Documents that are files only of workshops whose material ``user`` may not see
    (``can_view_material``: public and live, or ``user`` is a member or the host), as a list
    (Wagtail's search backends filter on ``id__in`` a list, not a subquery)."""
    files = WorkshopFile.objects.all()
    open_q = Q(workshop__visibility=Visibility.PUBLIC, workshop__live=True)
    if getattr(user, "is_authenticated", False) and user.is_active:
        open_q |= Q(workshop__host=user) | Q(
            workshop__memberships__user=user, workshop__memberships__status=MemberStatus.ACTIVE
        )
    opened = files.filter(open_q).values("document_id")
    return sorted(set(files.exclude(document_id__in=opened).values_list("document_id", flat=True)))


def serve_workshop_document(document, request):
    allowed = workshop_document_allowed(user=request.user, document=document)
    if allowed is None:
        return None
    if not allowed:
        raise Http404("文件不存在或仅对工作坊成员开放。")
    return workshop_document_response(document)
