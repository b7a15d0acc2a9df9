"""Keeps the admin from printing pages, documents and images outside the user's scope.

Wagtail's explorer and page chooser (``/admin/pages/<id>/``, ``/admin/choose-page/<id>/``)
only check that a page lies under the user's explorable root, and its bulk-action confirm
pages and chosen-multiple views list the titles of whatever ids the URL names, including the
ones the user has no permission for. So a teacher walking ids read colleagues' drafts and
refused works by title. Listings, search and choosers are scoped by the hooks and permission
policies in ``wagtail_hooks.py``; this closes the by-id doors: a page id in the path that the
user may not see answers Wagtail's own "no permission"; ids in ``?id=`` that the user may not
see are dropped before Wagtail's view reads them.

Those ``?id=`` lists (bulk actions, every chooser's "chosen-multiple") are also read as database
ids for everyone, superusers included: Wagtail passes them to the database as they come, so
``?id=²`` or a 30-digit number was a 500, and so was the tree's root in the page chooser (it
has no parent to name).
"""

from __future__ import annotations

import re

from django.apps import apps
from django.shortcuts import redirect

from wagtail.models import Page

from .scope import admin_may_see_page

PAGE_IN_PATH = re.compile(r"^/admin/(?:pages|choose-page)/([0-9]{1,18})/(?:results/)?$")
IDS_IN_QUERY = re.compile(r"^/admin/(?:bulk/(?P<app>\w+)/(?P<model>\w+)/\w+/|choose-page/chosen-multiple/)$")
ANY_CHOSEN_MULTIPLE = re.compile(r"^/admin/[\w/-]*chosen-multiple/$")
PAGE_ID_LISTS = ("/admin/choose-page/chosen-multiple/", "/admin/bulk/wagtailcore/page/")


class ScopedExplorerMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        path = request.path_info
        if "id" in request.GET and (IDS_IN_QUERY.match(path) or ANY_CHOSEN_MULTIPLE.match(path)):
            _keep_database_ids(request)
        if user.is_superuser:
            return self.get_response(request)
        match = PAGE_IN_PATH.match(path)
        if match and not admin_may_see_page(user, int(match.group(1))):
            from wagtail.admin import messages

            messages.error(request, "对不起， 你没有权限访问。")
            return redirect("wagtailadmin_home")
        match = IDS_IN_QUERY.match(request.path_info)
        if match and "id" in request.GET:
            _drop_unseen_ids(request, user, app=match.group("app"), model=match.group("model"))
        return self.get_response(request)


def _keep_database_ids(request) -> None:
    """Only ids a row can have reach Wagtail's view, and never the page tree's root in a page list."""
    from home.params import parse_ids

    ids = parse_ids(request.GET.getlist("id"))
    if request.path_info.startswith(PAGE_ID_LISTS):
        roots = set(Page.objects.filter(pk__in=ids, depth=1).values_list("pk", flat=True))
        ids = [pk for pk in ids if pk not in roots]
    query = request.GET.copy()
    query.setlist("id", [str(pk) for pk in ids])
    request.GET = query


def _drop_unseen_ids(request, user, *, app: str | None, model: str | None) -> None:
    from home.params import parse_ids

    ids = parse_ids(request.GET.getlist("id"))
    model_class = Page
    if app and model:
        try:
            model_class = apps.get_model(app, model)
        except LookupError:
            model_class = None
    if model_class is None:
        seen = []
    elif issubclass(model_class, Page):
        seen = [pk for pk in ids if admin_may_see_page(user, pk)]
    else:
        from wagtail.permissions import policy_registry

        policy = policy_registry.get_by_type(model_class)
        visible = getattr(policy, "visible_instances", None)
        seen = list(visible(user).filter(pk__in=ids).values_list("pk", flat=True)) if visible else ids
    query = request.GET.copy()
    query.setlist("id", [str(pk) for pk in seen])
    request.GET = query
