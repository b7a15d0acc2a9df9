"""Error pages for the API's addresses: JSON ``{"detail": …}`` as the schema documents, not the
portal's HTML pages. Errors raised before a view runs (the oversized-id check in
``home.middleware``, an unknown address under ``/api/v1/``) reach these handlers; every other
address keeps Django's templated pages."""

from __future__ import annotations

from django.http import JsonResponse
from django.views import defaults

PREFIX = "/api/v1/"
JSON = {"ensure_ascii": False}


def _is_api(request) -> bool:
    return request.path_info.startswith(PREFIX)


def page_not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "不存在或未公开。"}, status=404, json_dumps_params=JSON)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": "服务器内部错误，请稍后重试。"}, status=500, json_dumps_params=JSON)
    return defaults.server_error(request)


def bad_request(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "请求无效。"}, status=400, json_dumps_params=JSON)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "无权访问。"}, status=403, json_dumps_params=JSON)
    return defaults.permission_denied(request, exception)
