"""Wagtail's site lookup from the cache (``SiteCacheMiddleware``).

Wagtail finds the ``Site`` of every page request with one query (``Site.find_for_request``),
and keeps it on the request as ``request._wagtail_site``. This middleware fills that attribute
from the cache, keyed by host, port and the page-cache generation: saving or deleting a Site,
publishing, moving or deleting a page starts a new generation (``home.signal_handlers``), so a
changed site is seen at once. The cached copy carries its root page as its specific class with
its fields (the home page): routing starts from ``site.root_page.specific``, one query per
request otherwise, and what the public sees of the root page only changes when it is
published, which starts a new generation.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http.request import split_domain_port

from wagtail.models import Site

from .page_cache import generation

SITE_SECONDS = 3600


class SiteCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        hostname = split_domain_port(request._get_raw_host())[0]
        key = f"wagtail-site:{generation(request)}:{hostname}:{request.get_port()}"
        site = cache.get(key)
        if site is None:
            site = Site.find_for_request(request)
            if site is not None:
                site.root_page = site.root_page.specific
                cache.set(key, site, SITE_SECONDS)
        request._wagtail_site = site
        return self.get_response(request)
