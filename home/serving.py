"""Answering a request on behalf of a page (页面动作): the page's own serving rules first.

A plain action URL (``/training/courses/<id>/enrol/``, ``/workshops/<id>/join/``) acts on a
page without going through Wagtail's page serving. ``serve_through_page`` runs the same hooks
Wagtail's ``serve`` view runs — ``before_serve_page``, then ``respond`` wrapped in the
``on_serve_page`` chain — so a password, login or group restriction on the page (or an
ancestor) answers the action exactly as it answers the page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.urls import reverse

from wagtail import hooks


def sign_in_redirect(request) -> HttpResponse:
    """“请先登录。” and the way to the sign-in page, coming back to this address afterwards.
    The one place that knows where signing in happens."""
    messages.info(request, "请先登录。")
    return redirect_to_login(request.get_full_path(), reverse("login"))


def serve_through_page(request, page, respond: Callable[[], HttpResponse]) -> HttpResponse:
    def serve(page, request, args, kwargs):
        return respond()

    chain = serve
    for wrap in reversed(hooks.get_hooks("on_serve_page")):
        chain = wrap(chain)
    for check in hooks.get_hooks("before_serve_page"):
        result = check(page, request, (), {})
        if isinstance(result, HttpResponse):
            return result
    return chain(page, request, (), {})
