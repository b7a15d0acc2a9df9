"""HTTP helpers of the workshops app (教师工作坊 · 个人空间 · 社区), shared by the page routes and the
action views: sending an anonymous visitor to log in, going back to a safe ``next`` URL, and
refusing ids from a URL that cannot be database ids."""

from __future__ import annotations

from axes.helpers import get_client_ip_address

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from home.params import parse_id
from home.serving import sign_in_redirect


def client_address(request) -> str | None:
    """The client's address as the sign-in throttle (django-axes) reads it, proxies included."""
    return get_client_ip_address(request)


def login_redirect(request):
    """To the admin login (the portal's only login), coming back here afterwards."""
    return sign_in_redirect(request)


def safe_next(request) -> str:
    """The POSTed ``next`` URL when it stays on this site, else ""."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


def back(request, url: str, message: str = "") -> HttpResponseRedirect:
    """After an action: a success message, then to ``next`` or ``url``."""
    if message:
        messages.success(request, message)
    return HttpResponseRedirect(safe_next(request) or url)


def id_or_404(value) -> int:
    """An id taken from the URL (``<int:…>`` accepts any length of digits): 404 unless it can be a
    database id, so that a 30-digit number never reaches the database."""
    number = parse_id(value)
    if number is None:
        raise Http404("内容不存在。")
    return number
