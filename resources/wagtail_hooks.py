from django.http import Http404

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .access import user_can_download
from .models import WorkRequirement
from .review import wagtail_hooks as review_hooks  # noqa: F401 - registers the review admin hooks


@hooks.register("before_serve_document")
def refuse_unpublished_attachments(document, request):
    """Attachments of drafts, works under review or rejected works are never downloadable by the public."""
    if not user_can_download(request.user, document):
        raise Http404("文件不存在或尚未公开。")


register_snippet(WorkRequirement)
