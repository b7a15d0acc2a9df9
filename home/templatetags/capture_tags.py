"""``{% capture as name %}…{% endcapture %}``: render a part of a template once and use it
several times (the page description feeds both ``<meta name="description">`` and Open Graph).
Blocks inside are still overridable by child templates."""

from django import template
from django.utils.html import strip_spaces_between_tags
from django.utils.safestring import mark_safe

register = template.Library()


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name: str):
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        output = strip_spaces_between_tags(self.nodelist.render(context)).strip()
        # Already rendered (and escaped) by the template engine: keep it from being escaped twice.
        context[self.name] = mark_safe(" ".join(output.split()))  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("用法：{% capture as 变量名 %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])
