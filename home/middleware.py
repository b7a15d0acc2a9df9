"""Request guards that apply to every URL (portal, admin, APIs)."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.datastructures import MultiValueDictKeyError

from .people import profile_of

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


FIRST_LOGIN_NOTICE = "首次登录，请先修改初始密码。"


class FirstLoginPasswordMiddleware:
    """首次登录改密: an account created by the teacher import carries an initial password that
    someone else chose (or read off the import report), so until its owner sets their own
    (``TeacherProfile.must_change_password`` cleared by the password change), every page sends
    them to the password change form. Open meanwhile: that form, signing out, static and media
    files. Needs the user (AuthenticationMiddleware) and messages (MessageMiddleware). The
    profile lookup is ``profile_of``'s, which the page header reuses, so a signed-in request
    pays no extra query for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._always_open(request.path_info):
            profile = profile_of(user)
            if profile is not None and profile.must_change_password:
                self._notice(request)
                return HttpResponseRedirect(reverse("password_change"))
        return self.get_response(request)

    @staticmethod
    def _notice(request) -> None:
        """Say why once, however many requests (a page and its favicon) were turned away."""
        storage = messages.get_messages(request)
        if all(str(message) != FIRST_LOGIN_NOTICE for message in storage):
            messages.warning(request, FIRST_LOGIN_NOTICE)
        storage.used = False  # looking must not consume the messages (Django's documented way)

    @staticmethod
    def _always_open(path: str) -> bool:
        if path in (reverse("password_change"), reverse("logout")):
            return True
        prefixes = [p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p and p.startswith("/")]
        return any(path.startswith(prefix) for prefix in prefixes)
