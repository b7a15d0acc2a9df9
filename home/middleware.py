"""Request guards that apply to every URL (portal, admin, APIs)."""

from __future__ import annotations

import re

from django.http import Http404

# A database id has at most 18 digits here (signed 64-bit); Django's <int:…> converter accepts
# any number of digits, and a longer one overflows the database driver (a 500) in our views
# and Wagtail's alike. One check at the edge answers all of them with the 404 they deserve.
_OVERSIZED_NUMBER = re.compile(r"(?:^|/)[0-9]{19,}(?:/|$)")


class OversizedIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _OVERSIZED_NUMBER.search(request.path_info):
            raise Http404("地址中的编号无效。")
        return self.get_response(request)
