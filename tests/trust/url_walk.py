"""Walks every URL pattern the resolver knows and makes concrete GET requests of each.

Parameters are filled from the objects a test names (pages, documents, images …): an int
parameter gets each candidate id of the kinds its route suggests, string parameters get the
known values of bulk actions and model names. New URLs are walked without anyone listing them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
# Wagtail's page-serving catch-all: walked through the pages' own URLs instead.
SKIP_ROUTES = (r"^((?:[\w\-]+/)*)$",)
BULK_ACTIONS = ("delete", "move", "publish", "unpublish", "set_privacy", "add_to_collection", "add_tags")


@dataclass
class Candidates:
    """Ids and values to put into URL parameters."""

    pages: list[int] = field(default_factory=list)
    documents: list[int] = field(default_factory=list)
    images: list[int] = field(default_factory=list)
    media: list[int] = field(default_factory=list)
    others: list[int] = field(default_factory=list)  # ids of anything else (snippets, records)
    page_urls: list[str] = field(default_factory=list)

    def ids_for(self, route: str, name: str) -> list[int]:
        text = f"{route} {name}".lower()
        if "document" in text or "doc_id" in text:
            return self.documents
        if "image" in text:
            return self.images
        if "media" in text:
            return self.media
        if "page" in text or "destination" in text or "parent" in text:
            return self.pages
        return sorted(set(self.pages + self.documents + self.images + self.media + self.others))


def _patterns(resolver=None, prefix: str = ""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _to_path(route: str) -> str:
    """Route text (path() or re_path()) to a template with <name> placeholders."""
    text = route.replace("^", "").replace("$", "").replace("\\Z", "")
    return "/" + text.replace("\\", "")


MODEL_PAIRS = (
    ("wagtailcore", "page"),
    ("wagtaildocs", "document"),
    ("wagtailimages", "image"),
    ("resources", "generatedresourcepage"),
)


def _values(template: str, conv: str, name: str, candidates: Candidates) -> list[str]:
    if name == "action":
        return list(BULK_ACTIONS)
    values = [str(i) for i in candidates.ids_for(template, name)]
    return values or (["1"] if conv == "int" else ["x"])


def _fillings(template: str, candidates: Candidates) -> list[dict[str, str]]:
    """Values for a route's placeholders: every candidate once in each slot (slots move
    together, not as a product), bulk actions crossed with known app/model pairs."""
    params = PARAM.findall(template)
    placeholders = {name: f"<{conv + ':' if conv else ''}{name}>" for conv, name in params}
    names = [name for _, name in params]
    pairs: list[dict[str, str]] = [{}]
    if "app_label" in names and "model_name" in names:
        pairs = [{"app_label": app, "model_name": model} for app, model in MODEL_PAIRS]
    rest = [(conv, name) for conv, name in params if name not in ("app_label", "model_name")]
    columns = {name: _values(template, conv, name, candidates) for conv, name in rest}
    rows: list[dict[str, str]] = [{}]
    if columns:
        if "action" in columns:
            actions = columns.pop("action")
            depth = max([len(v) for v in columns.values()] or [1])
            rows = [
                {"action": action, **{n: v[i % len(v)] for n, v in columns.items()}}
                for action in actions
                for i in range(depth)
            ]
        else:
            depth = max(len(v) for v in columns.values())
            rows = [{n: v[i % len(v)] for n, v in columns.items()} for i in range(depth)]
    return [{placeholders[name]: value for name, value in {**pair, **row}.items()} for pair in pairs for row in rows]


def _fill(template: str, candidates: Candidates) -> list[str]:
    urls = []
    for filling in _fillings(template, candidates):
        url = template
        for placeholder, value in filling.items():
            url = url.replace(placeholder, value, 1)
        urls.append(url)
    return urls


def subpage_urls(pages, candidates: Candidates) -> list[str]:
    """The routes of routable pages (RoutablePageMixin), which sit behind Wagtail's catch-all:
    each page's own URL joined with each of its sub-routes, placeholders filled like the resolver's."""
    urls = []
    for page in pages:
        page = page.specific
        if not hasattr(page, "get_subpage_urls") or not page.url:
            continue
        for entry in type(page).get_subpage_urls():
            route = str(entry.pattern)
            if "(?P" in route or "(" in route:
                continue
            template = _to_path(route).lstrip("/")
            urls += [page.url + url for url in _fill(template, candidates) if url]
    return urls


def concrete_urls(candidates: Candidates) -> list[str]:
    urls: set[str] = set(candidates.page_urls)
    for route in _patterns():
        if route in SKIP_ROUTES or "(?P" in route or "(" in route:
            continue
        template = _to_path(route)
        for url in _fill(template, candidates):
            urls.add(url)
            if "bulk" in url or "/move/" in url or "chosen-multiple" in url:
                for pk in candidates.ids_for(url, "id"):
                    urls.add(f"{url}?id={pk}")
    return sorted(urls)


def visible_text(response) -> str:
    """What a response shows, with JSON unescaped (titles in JSON are \\u-escaped)."""
    if getattr(response, "streaming", False):
        return ""
    content_type = response.get("Content-Type", "")
    body = response.content.decode("utf-8", errors="replace")
    if content_type.startswith("application/json"):
        try:
            return json.dumps(json.loads(body), ensure_ascii=False)
        except ValueError:
            return body
    return body
