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


class OneQueryRestrictionsMixin:
    """Wagtail's rule for a page's view restrictions (its own and its ancestors', an alias
    standing for its source page) in one query instead of two; checked on every page view."""

    def get_view_restrictions(self):
        steplen = self.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        aliased = Page.objects.filter(path__in=paths, alias_of__isnull=False).values("alias_of_id")
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page_id__in=aliased)
        )
