"""Home page sections (首页栏目): what each feature app shows on the portal's front page.

The home page knows no feature app. An app that has something to show there declares it on
its ``AppConfig``::

    home_teasers = "resources.teasers.home_teasers"

a function called as ``function(page=home_page, request=request)`` that returns a dict of
template context (latest works, featured cases …). The home template renders whichever of
those keys are present, so an app that is not installed simply leaves its section out.
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.utils.module_loading import import_string


@cache
def _teaser_functions() -> tuple:
    return tuple(
        import_string(config.home_teasers) for config in apps.get_app_configs() if getattr(config, "home_teasers", None)
    )


def home_teasers(*, page, request) -> dict:
    context: dict = {}
    for function in _teaser_functions():
        context.update(function(page=page, request=request))
    return context
