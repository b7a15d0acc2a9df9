from urllib.parse import urlencode

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse

from resources.models import GeneratedResourcePage

MAX_QUERY_LENGTH = 200


def search(request):
    """Public search page over published resources (Wagtail's configured backend)."""
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    results = GeneratedResourcePage.objects.none()
    if query:
        results = GeneratedResourcePage.objects.live().public().search(query)
    paginator = Paginator(results, 20)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return TemplateResponse(request, "search/search.html", {"search_query": query, "search_results": page, "query_string": urlencode({"q": query})})
