"""Keeps the admin's page explorer from showing resources outside the user's scope.

Wagtail's explorer (``/admin/pages/<id>/`` and its ``results/``) only checks that a page
lies under the user's explorable root, so a teacher could open a colleague's draft by id
and read its title in the header. Listings, search and choosers are scoped by the hooks in
``wagtail_hooks.py``; this closes the by-id door with Wagtail's own "no permission" answer.
"""

from __future__ import annotations

import re

from django.shortcuts import redirect

EXPLORE_PATH = re.compile(r"^/admin/pages/([0-9]{1,18})/(?:results/)?$")


class ScopedExplorerMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = EXPLORE_PATH.match(request.path_info)
        user = getattr(request, "user", None)
        if (
            match
            and user is not None
            and user.is_authenticated
            and not user.is_superuser
            and not _may_explore(user, int(match.group(1)))
        ):
            from wagtail.admin import messages

            messages.error(request, "对不起， 你没有权限访问。")
            return redirect("wagtailadmin_home")
        return self.get_response(request)


def _may_explore(user, page_id: int) -> bool:
    from resources.models import GeneratedResourcePage

    from .scope import scope_q

    if not GeneratedResourcePage.objects.filter(pk=page_id).exists():
        return True  # not a resource: Wagtail's own checks apply
    return GeneratedResourcePage.objects.filter(scope_q(user), pk=page_id).exists()
