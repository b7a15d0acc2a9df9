"""Request guards that apply to every URL (portal, admin, APIs)."""

from __future__ import annotations

import re

from django.http import Http404, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.datastructures import MultiValueDictKeyError

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


class IncompleteFormMiddleware:
    """A form POST that lacks a key its widgets require (a StreamField's ``body-count``, an
    inline formset's management form) makes Django raise ``MultiValueDictKeyError`` while the
    form validates — before anything is saved. Browsers always send those keys; only a crafted
    or truncated request does not, so it is answered as a client error, in Chinese, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method == "POST" and isinstance(exception, MultiValueDictKeyError):
            return HttpResponseBadRequest(
                render_to_string("400.html", {"reason": "提交的表单不完整，请刷新页面后重新填写。"}, request=request)
            )
        return None
