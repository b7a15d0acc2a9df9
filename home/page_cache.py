"""Page cache for anonymous visitors (匿名访客页面缓存).

Wraps Wagtail's page serving (an ``on_serve_page`` hook registered in ``home.wagtail_hooks``,
inside Wagtail's own view-restriction check) and keeps rendered pages in the default cache.

What is never served from or stored in the cache:

- a request that carries a session cookie (a signed-in user, or a visitor who passed a page
  password) or a messages cookie, and any method but GET;
- a page type not listed in ``settings.PAGE_CACHE_PAGE_TYPES`` (a resource page, for one,
  counts its views on every request), and any page with a view restriction (Wagtail marks
  those responses ``private, no-cache``; a restriction added later clears the cache);
- a response that is not a plain 200, that streams, sets a cookie (a CSRF token is tied to
  one visitor) or says ``private`` / ``no-cache`` / ``no-store``.

So what a signed-in user sees is never stored, and what is stored was rendered for a visitor
with no identity at all. Publishing, unpublishing, moving or deleting a page, or changing a
view restriction, starts a new cache generation, so changes show at once; otherwise entries
live ``settings.PAGE_CACHE_SECONDS``.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

GENERATION_KEY = "page-cache:generation"
HEADER = "X-Page-Cache"  # HIT / MISS, for operators and tests
NOT_CACHEABLE = ("private", "no-cache", "no-store")


def page_cache_invalidate() -> None:
    """Start a new generation: every page cached so far is ignored from now on."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def _generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, timeout=None)


def _cache_key(request) -> str:
    url = request.build_absolute_uri()
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"page-cache:{_generation()}:{digest}"


def _cacheable_request(page, request) -> bool:
    if request.method != "GET" or getattr(request, "is_preview", False):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    return page._meta.label in getattr(settings, "PAGE_CACHE_PAGE_TYPES", ())


def _cacheable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    # Cookies that middleware would add only after rendering: a CSRF token used by a form,
    # a session written to, a message queued. Any of them ties the page to this visitor.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    if getattr(getattr(request, "_messages", None), "added_new", False):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in NOT_CACHEABLE)


def serve_with_page_cache(next_serve):
    """``on_serve_page`` hook: answer anonymous GETs of cacheable pages from the cache."""

    def serve(page, request, args, kwargs):
        if getattr(settings, "PAGE_CACHE_SECONDS", 0) <= 0 or not _cacheable_request(page, request):
            return next_serve(page, request, args, kwargs)
        key = _cache_key(request)
        cached = cache.get(key)
        if cached is not None:
            cached[HEADER] = "HIT"
            return cached
        response = next_serve(page, request, args, kwargs)

        def store(rendered):
            if _cacheable_response(request, rendered):
                cache.set(key, rendered, settings.PAGE_CACHE_SECONDS)

        # Stored once rendered: by then Wagtail's view-restriction check (the hook around this
        # one) has marked a restricted page "private, no-cache", so it is never stored. A
        # response rendered already inside the view is not stored at all.
        if hasattr(response, "add_post_render_callback") and not response.is_rendered:
            response.add_post_render_callback(store)
            response[HEADER] = "MISS"
        return response

    return serve
