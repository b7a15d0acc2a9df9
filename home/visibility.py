"""What "public" means for a page (公开), written once.

A page is public when it is live and neither it nor an ancestor carries a view restriction
(a password, login or group restriction). Every public listing, search document, download
rule and feed uses these two forms of the same rule: a queryset filter for listings, and a
path check against the restrictions loaded once for bulk work.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr

from wagtail.models import PageViewRestriction
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
