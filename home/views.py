"""Views of the portal core."""

from django.http import Http404


def not_found(request, *args, **kwargs):
    """A URL that exists in a library but not in this portal."""
    raise Http404("页面不存在。")
