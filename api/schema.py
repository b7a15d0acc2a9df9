"""OpenAPI schema helpers: the token security scheme, the error answers of every operation
and documented query parameters."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="错误说明（中文）。")


class AccessTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.AccessTokenAuthentication"
    name = "accessToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "个人访问令牌（在“访问令牌”页面创建）。"}


ERROR_STATUSES = {
    400: "参数无效",
    401: "未登录或令牌无效",
    403: "无权访问",
    404: "不存在或未公开",
    429: "请求过于频繁",
}


def only_api_v1(endpoints):
    """The schema describes this API only (not Wagtail's admin API, which shares the resolver)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ReadOnlySessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid", "description": "门户登录后的浏览器会话。"}


class ApiSchema(AutoSchema):
    """Every operation documents the error answers it may give, with the same error body. A
    list view whose response serializer already describes its page (``documents_own_page``)
    keeps its list operation id and page parameters, but its body is not wrapped in a second
    page."""

    def _is_list_view(self, serializer=None):
        if serializer is not None and getattr(self.view, "documents_own_page", False):
            return False
        return super()._is_list_view(serializer)

    def _get_response_bodies(self, direction="response"):
        bodies = super()._get_response_bodies(direction)
        for status, description in ERROR_STATUSES.items():
            bodies.setdefault(
                str(status),
                {
                    "content": {
                        "application/json": {"schema": self.resolve_serializer(ErrorSerializer, "response").ref}
                    },
                    "description": description,
                },
            )
        return bodies


# Text without control characters: a NUL or a line break in a filter is refused with a 400.
PLAIN_TEXT = {"type": "string", "pattern": "^[^\\x00-\\x1f\\x7f]*$"}


def query_param(name: str, description: str, schema: dict | None = None) -> OpenApiParameter:
    """A documented optional query parameter; ``schema`` a raw JSON schema (bounds, enums)."""
    return OpenApiParameter(
        name,
        schema or PLAIN_TEXT,
        OpenApiParameter.QUERY,
        required=False,
        description=description,
    )
