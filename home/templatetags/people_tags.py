"""``{{ user|display_name }}`` and ``{{ user|role_label }}``: how a person is named on every
page (see ``home.people``) and the role the header shows beside the name."""

from django import template

from home.accounts import role_label as _role_label
from home.accounts import works_in_admin as _works_in_admin
from home.people import display_name as _display_name

register = template.Library()


@register.filter
def display_name(user) -> str:
    return _display_name(user) if user else ""


@register.filter
def role_label(user) -> str:
    return _role_label(user) if user else ""


@register.filter
def works_in_admin(user) -> bool:
    return _works_in_admin(user) if user else False
