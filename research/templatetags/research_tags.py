"""``{% load research_tags %}``: the 精准推送 box other apps' templates show (the personal space,
resource pages) without importing research. Renders nothing for visitors and for users
without a teacher profile, and reads nothing from the database for them."""

from django import template
from django.template.loader import render_to_string

from home.models import Role
from home.people import profile_of

register = template.Library()


@register.simple_tag(takes_context=True)
def research_recommendations(context, exclude=None, limit=6, heading="为你推荐（精准推送）"):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    profile = profile_of(user)
    if profile is None or profile.role != Role.TEACHER:
        return ""
    from research.recommend import recommendations

    recs = recommendations(user, limit=limit, exclude_page_id=exclude)
    return render_to_string(
        "research/includes/recommendation_box.html",
        {"recommendations": recs, "heading": heading},
        request=request,
    )
