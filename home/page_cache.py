"""Page cache for anonymous visitors (匿名访客页面缓存).

Two halves, one set of cache entries:

- ``PageCacheMiddleware`` (first in ``MIDDLEWARE``) answers a hit before anything else runs:
  no URL routing, no site or page lookup, no session, no SQL at all. On the way out, as the
  outermost middleware, it stores what the whole stack produced (security headers included).
- ``serve_with_page_cache`` (an ``on_serve_page`` hook registered in ``home.wagtail_hooks``,
  inside Wagtail's own view-restriction check) is the only place that knows the page: it marks
  the request as one whose response may be stored. Nothing is stored without that mark, so
  admin screens, forms, APIs and every non-page view are never cached.

What is never served from or stored in the cache:

- a request that carries a session cookie (a signed-in user, or a visitor who passed a page
  password) or a messages cookie, and any method but GET;
- a page type not listed in ``settings.PAGE_CACHE_PAGE_TYPES`` (a resource page, for one, shows
  its live view count and is fast enough uncached), and any page with a view restriction (a
  restricted page never reaches the hook; Wagtail marks a shown one ``private, no-cache``; a
  restriction added later starts a new generation);
- a response that is not a plain 200, that streams, sets a cookie (a CSRF token is tied to one
  visitor, as are a written session and a queued message) or says ``private`` / ``no-cache`` /
  ``no-store``.

So what a signed-in user sees is never stored, and what is stored was rendered for a visitor
with no identity at all. Entries are keyed by the absolute URL (scheme, host, path, query):
an ``http://`` request that production redirects to HTTPS never finds an ``https://`` entry.
Publishing, unpublishing, moving or deleting a page, or changing a view restriction, starts a
new cache generation (one counter in the cache), so changes show at once; otherwise entries
live ``settings.PAGE_CACHE_SECONDS``. A hit reads the generation and the entry in one
``get_many``; all access goes through Django's cache API, so a cache outage is handled where
the cache backend is configured. ``X-Page-Cache: HIT`` / ``MISS`` tells operators and tests.

Why not a kept library (issue #15 asked; evaluated December 2026):

- ``wagtail-cache`` (3.0.0, the newest release) declares ``wagtail<8.0``: pip refuses it next
  to Wagtail 8, and nothing says it works there. Beyond that, it decides "anonymous" from
  ``request.user``, so its fetch middleware must sit after the session and authentication
  middleware (a hit is no longer served before everything else); it clears the pages by
  emptying its whole cache backend, or by a regex over one shared "keyring" entry that every
  worker reads, edits and writes back (concurrent stores lose keys); and a hit takes two cache
  reads (Django's learned Vary header list, then the page). It caches any GET response that a
  view does not mark ``never_cache``, where this module stores only what the page hook marked.
- Django's own ``UpdateCacheMiddleware`` / ``FetchFromCacheMiddleware`` have the same shape
  (every view cacheable unless it opts out, ``Vary: Cookie`` keys, no generation to start on
  publish, two reads per hit), so keeping our rules would mean subclassing most of them.

What is left here is a key, one ``get_many`` and one ``set`` through Django's cache API; the
rules above are the part a library would not have given us. Re-evaluate when a
``wagtail-cache`` release supports Wagtail 8.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse

GENERATION_KEY = "page-cache:generation"
HEADER = "X-Page-Cache"  # HIT / MISS, for operators and tests
NOT_CACHEABLE = ("private", "no-cache", "no-store")
_ELIGIBLE = "_page_cache_eligible"  # request attribute set by the hook


def page_cache_invalidate() -> None:
    """Start a new generation: every page cached so far is ignored from now on."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def generation(request=None) -> int:
    """The current generation; other caches key on it to be cleared by the same events. Read
    once per request: the middleware keeps what it read on the request."""
    known = getattr(request, "page_cache_generation", None)
    if known is not None:
        return known
    value = cache.get_or_set(GENERATION_KEY, 1, timeout=None) or 1
    if request is not None:
        request.page_cache_generation = value
    return value


def _enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def _cacheable_request(request) -> bool:
    if request.method != "GET" or getattr(request, "is_preview", False):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _entry_key(request) -> str | None:
    try:
        url = request.build_absolute_uri()
    except DisallowedHost:
        return None  # the stack answers it with 400
    return "page-cache:" + hashlib.sha256(url.encode()).hexdigest()


def _cacheable_response(response) -> bool:
    # Seen as the outermost middleware: a CSRF token, a written session or a queued message
    # has become a Set-Cookie by now.
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in NOT_CACHEABLE)


class PageCacheMiddleware:
    """First in ``MIDDLEWARE``: serve anonymous hits before routing; store eligible pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _enabled() or not _cacheable_request(request):
            return self.get_response(request)
        key = _entry_key(request)
        if key is None:
            return self.get_response(request)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        entry = found.get(key)
        if generation is None:
            generation = 1
            cache.add(GENERATION_KEY, generation, timeout=None)
        request.page_cache_generation = generation  # read once per request (home.site_cache)
        if entry is not None and entry[0] == generation:
            _, content, headers = entry
            response = HttpResponse(content, headers=headers)
            response[HEADER] = "HIT"
            return response
        response = self.get_response(request)
        if getattr(request, _ELIGIBLE, False) and _cacheable_response(response):
            headers = {name: value for name, value in response.items() if name != HEADER}
            cache.set(key, (generation, response.content, headers), settings.PAGE_CACHE_SECONDS)
        return response


def serve_with_page_cache(next_serve):
    """``on_serve_page`` hook: mark anonymous GETs of listed page types as storable."""

    def serve(page, request, args, kwargs):
        response = next_serve(page, request, args, kwargs)
        if (
            _enabled()
            and _cacheable_request(request)
            and page._meta.label in getattr(settings, "PAGE_CACHE_PAGE_TYPES", ())
        ):
            setattr(request, _ELIGIBLE, True)
            response[HEADER] = "MISS"
        return response

    return serve
