"""Views of the portal core."""

from django.http import Http404

from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.chooser import ExternalLinkView


def not_found(request, *args, **kwargs):
    """A URL that exists in a library but not in this portal."""
    raise Http404("页面不存在。")


_external_link = ExternalLinkView.as_view()


@require_admin_access
def external_link_chooser(request, *args, **kwargs):
    """Wagtail's external-link chooser, which answered a POST without its url field with a 500
    (its validator calls ``None.startswith``): the missing field is posted empty, so the
    form says that the URL is required."""
    field = f"{ExternalLinkView.form_prefix}-url"
    if request.method == "POST" and field not in request.POST:
        request.POST = request.POST.copy()
        request.POST[field] = ""
    return _external_link(request, *args, **kwargs)
