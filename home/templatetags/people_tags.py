"""``{{ user|display_name }}``: how a person is named on every page (see ``home.people``)."""

from django import template

from home.people import display_name as _display_name

register = template.Library()


@register.filter
def display_name(user) -> str:
    return _display_name(user) if user else ""
