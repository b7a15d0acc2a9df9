"""Tag autocomplete, scoped: a tag is suggested only where the user could see it used.

Wagtail's ``/admin/tag-autocomplete/`` answers every admin user with every tag name that
starts with the typed text, so a phrase a teacher put only on an unsubmitted draft (or on a
private document) was readable by anyone. Here a non-superuser is offered the tags of public
works, of the works in their scope (``scope.scope_q``: their own, their school's, their
region's) and of the documents and images they may choose. Routed by the site's ``urls.py``
ahead of the admin (``tag_urls``), like the scoped reports.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.urls import path

from taggit.models import Tag, TagBase, TaggedItem
from wagtail.admin.auth import require_admin_access
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

from ..models import GeneratedResourcePage, ResourceTag
from .scope import scope_q

LIMIT = 10


def visible_tag_ids(user):
    """The tags ``user`` may see in use, as a Q on a tag model."""
    if user.is_superuser:
        return Q()
    public_works = GeneratedResourcePage.objects.visible_to_public().values("pk")
    on_works = ResourceTag.objects.filter(
        Q(content_object_id__in=public_works) | scope_q(user, "content_object__")
    ).values("tag_id")
    on_files = Q()
    for model in (get_document_model(), get_image_model()):
        policy = policy_registry.get_by_type(model)
        visible = policy.instances_user_has_any_permission_for(user, ["choose"]).values("pk")
        on_files |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=visible)
    on_other_items = TaggedItem.objects.filter(on_files).values("tag_id")
    return Q(pk__in=on_works) | Q(pk__in=on_other_items)


def scoped_autocomplete(request, app_name=None, model_name=None):
    tag_model = Tag
    if app_name and model_name:
        try:
            tag_model = ContentType.objects.get_by_natural_key(app_name, model_name).model_class()
        except ContentType.DoesNotExist as error:
            raise Http404("没有这种标签。") from error
        if tag_model is None or not issubclass(tag_model, TagBase):
            raise Http404("没有这种标签。")
    term = (request.GET.get("term") or "").strip()[:100]
    if not term:
        return JsonResponse([], safe=False)
    names = (
        tag_model.objects.filter(visible_tag_ids(request.user), name__istartswith=term)
        .order_by("name")
        .values_list("name", flat=True)[:LIMIT]
    )
    return JsonResponse(list(names), safe=False)


tag_urls = [
    path("admin/tag-autocomplete/", require_admin_access(scoped_autocomplete), name="scoped_tag_autocomplete"),
    path(
        "admin/tag-autocomplete/<slug:app_name>/<slug:model_name>/",
        require_admin_access(scoped_autocomplete),
        name="scoped_tag_autocomplete_for_model",
    ),
]
