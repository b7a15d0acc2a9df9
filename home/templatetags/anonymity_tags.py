"""``{% min_group %}``: the smallest group an anonymous figure is shown for (``home.anonymity``),
so the pages that explain the rule say the number the code applies."""

from django import template

from home.anonymity import MIN_GROUP

register = template.Library()


@register.simple_tag
def min_group() -> int:
    return MIN_GROUP
