"""What "public" means for a page (公开), written once.

A page is public when it is live and neither it nor an ancestor carries a view restriction
(a password, login or group restriction). Every public listing, search document, download
rule and feed uses these two forms of the same rule: a queryset filter for listings, and a
path check against the restrictions loaded once for bulk work.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr

from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet


class PublicPageQuerySet(PageQuerySet):
    def visible_to_public(self):
        """Live pages with no view restriction on them or an ancestor (Wagtail's
        ``live().public()``), folded into the same SQL query: ``public()`` loads every
        restriction first, an extra query on each listing."""
        restricted = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
        return self.live().filter(~Exists(restricted))


def restricted_paths() -> list[str]:
    """The tree paths of every view-restricted page, for ``path_is_public`` in bulk work."""
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def path_is_public(*, live: bool, path: str, restricted: list[str]) -> bool:
    """The rule for one page given its ``live`` flag, tree ``path`` and ``restricted_paths()``."""
    return live and not any(path.startswith(prefix) for prefix in restricted)


def _paths_needing_a_check() -> list[str]:
    """Tree paths under which a page may carry a view restriction: every restricted page, and
    every alias (an alias stands for its source page, whose restrictions it takes)."""
    restricted = PageViewRestriction.objects.order_by().values_list("page__path", flat=True)
    aliases = Page.objects.filter(alias_of__isnull=False).order_by().values_list("path", flat=True)
    return sorted(set(restricted.union(aliases)))  # one query


def paths_needing_a_check() -> list[str]:
    """``_paths_needing_a_check`` read once per page-cache generation: adding, changing or
    removing a restriction, creating an alias, publishing, moving or deleting a page all start
    a new one (``home.signal_handlers``). A site has a handful of these, usually none."""
    from django.core.cache import cache

    from .page_cache import generation

    return cache.get_or_set(f"view-restriction-paths:{generation()}", _paths_needing_a_check, 3600)


class OneQueryRestrictionsMixin:
    """Wagtail's rule for a page's view restrictions (its own and its ancestors', an alias
    standing for its source page) in one query instead of two, and in none when neither the
    page nor an ancestor is restricted or an alias (``paths_needing_a_check``): the check runs
    on every page view, and almost every page of the portal is public."""

    def get_view_restrictions(self):
        steplen = self.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        if not set(paths).intersection(paths_needing_a_check()):
            return PageViewRestriction.objects.none()
        aliased = Page.objects.filter(path__in=paths, alias_of__isnull=False).values("alias_of_id")
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page_id__in=aliased)
        )
