"""``{% load research_tags %}``: the 精准推送 box other apps' templates show (the personal space,
resource pages) without importing research. Renders nothing for visitors and for users
without a teacher profile, and reads nothing from the database for them.

A teacher's list is kept in the cache for ``BOX_SECONDS`` (one entry per teacher, whatever the
page: the page shown is left out when the box is drawn), so browsing resource pages costs the
recommender's queries once every few minutes rather than on every page. The 数字画像 page
(``/research/me/``) always computes afresh."""

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string

from home.models import Role
from home.people import profile_of

register = template.Library()
BOX_SECONDS = 300


def _cached_rows(user, request, limit: int) -> list[dict]:
    key = f"research:recommendations:{user.pk}:{limit}"
    rows = cache.get(key)
    if rows is None:
        from research.recommend import recommendations

        rows = [
            {
                "page_id": rec.item.page.pk,
                "title": rec.item.title,
                "url": rec.item.page.get_url(request),
                "kind_label": rec.item.kind_label,
                "reason": rec.reason,
            }
            for rec in recommendations(user, limit=limit + 1)
        ]
        cache.set(key, rows, BOX_SECONDS)
    return rows


@register.simple_tag(takes_context=True)
def research_recommendations(context, exclude=None, limit=6, heading="为你推荐（精准推送）"):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    profile = profile_of(user)
    if profile is None or profile.role != Role.TEACHER:
        return ""
    rows = [row for row in _cached_rows(user, request, limit) if row["page_id"] != exclude][:limit]
    return render_to_string(
        "research/includes/recommendation_box.html",
        {"rows": rows, "heading": heading},
        request=request,
    )
