"""The REST plumbing of the API: token authentication, scope permissions, per-token rate
limits, pagination that refuses bad numbers, error bodies, and the call log."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import exception_handler

from django.conf import settings
from django.core.cache import caches

from home.params import MAX_ID, parse_int

from . import services
from .authentication import AccessTokenAuthentication, ReadOnlySessionAuthentication
from .models import AccessToken
from .schema import ApiSchema

# --- errors ---------------------------------------------------------------------------


class BadParameter(exceptions.APIException):
    status_code = 400
    default_detail = "参数无效。"
    default_code = "bad_parameter"


def api_exception_handler(exc, context):
    """Every error is ``{"detail": "<中文说明>"}``; a validation error's messages are joined."""
    response = exception_handler(exc, context)
    if response is not None and not (isinstance(response.data, dict) and set(response.data) == {"detail"}):
        response.data = {"detail": _flatten(response.data)}
    return response


def _flatten(data) -> str:
    if isinstance(data, dict):
        return "；".join(f"{key}：{_flatten(value)}" for key, value in data.items())
    if isinstance(data, list):
        return "；".join(_flatten(item) for item in data)
    return str(data)


def refuse_control_characters(params) -> None:
    """A query parameter holding a control character (NUL, a line break) is refused, as the
    schema documents, rather than silently cleaned: the caller learns its value was not used."""
    for name, values in params.lists():
        if any(ch < " " or ch == "\x7f" for value in values for ch in value):
            raise BadParameter(f"参数 {name[:30]} 含有控制字符。")


def check_documented_params(params, documented) -> None:
    """Refuse a value outside its parameter's documented ``enum`` or integer range (an empty
    value included: a parameter that is not meant is left out)."""
    for parameter in documented:
        schema = parameter.type if isinstance(parameter.type, dict) else {}
        if parameter.name not in params:
            continue
        value = params.get(parameter.name)
        if "enum" in schema and value not in schema["enum"]:
            choices = "、".join(str(choice) for choice in schema["enum"])
            raise BadParameter(f"参数 {parameter.name} 应为以下之一：{choices}。")
        if schema.get("type") == "integer":
            low, high = schema.get("minimum", 0), schema.get("maximum", MAX_ID)
            if parse_int(value, minimum=low, maximum=high) is None:
                bound = f"{low} 到 {high} 之间的整数" if "maximum" in schema else f"不小于 {low} 的整数"
                raise BadParameter(f"参数 {parameter.name} 应为{bound}。")


# --- permissions ------------------------------------------------------------------------


class ScopeRequired(BasePermission):
    """A token needs ``scope``; a signed-in session reads its own data as the user."""

    scope = ""
    message = "需要登录，或使用带有相应权限范围的访问令牌。"

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        if isinstance(request.auth, AccessToken):
            if self.scope not in request.auth.scopes:
                self.message = f"此令牌没有“{self.scope}”权限范围。"
                return False
            # The role may have changed since the token was made.
            if self.scope not in services.scopes_allowed(user=request.user):
                self.message = "您的角色已不能使用此权限范围。"
                return False
            return True
        return self.scope in services.scopes_allowed(user=request.user)


class ReadOwn(ScopeRequired):
    scope = "read_own"


class RegionStats(ScopeRequired):
    scope = "region_stats"


# --- rate limits ------------------------------------------------------------------------


class ApiRateThrottle(SimpleRateThrottle):
    """Per token (each token its own budget), else per signed-in user, else per address."""

    scope = "api"

    @property
    def cache(self):
        return caches[getattr(settings, "API_THROTTLE_CACHE", "default")]

    def get_rate(self):
        return None  # chosen per request in allow_request

    def allow_request(self, request, view):
        if isinstance(request.auth, AccessToken):
            ident, self.rate = f"token-{request.auth.pk}", settings.API_RATE_TOKEN
        elif request.user and request.user.is_authenticated:
            ident, self.rate = f"user-{request.user.pk}", settings.API_RATE_USER
        else:
            ident, self.rate = f"addr-{self.get_ident(request)}", settings.API_RATE_ANON
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.cache_format % {"scope": self.scope, "ident": ident}
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        if len(self.history) >= self.num_requests:
            return self.throttle_failure()
        return self.throttle_success()


# --- pagination -------------------------------------------------------------------------

MAX_PAGE = 10_000


class ApiPagination(PageNumberPagination):
    """``page`` (1–10000) and ``page_size`` (1–100, default 20); anything else is a 400."""

    page_size = 20
    max_page_size = 100
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        page_text = request.query_params.get("page")
        size_text = request.query_params.get("page_size")
        page = parse_int(page_text, minimum=1, maximum=MAX_PAGE) if page_text is not None else 1
        if page is None:
            raise BadParameter(f"page 应为 1 到 {MAX_PAGE} 之间的整数。")
        size = parse_int(size_text, minimum=1, maximum=self.max_page_size) if size_text is not None else self.page_size
        if size is None:
            raise BadParameter(f"page_size 应为 1 到 {self.max_page_size} 之间的整数。")
        paginator = self.django_paginator_class(queryset, size)
        if page > max(paginator.num_pages, 1):
            raise exceptions.NotFound(f"没有第 {page} 页（共 {paginator.num_pages} 页）。")
        self.request = request
        self.page = paginator.page(page)
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "page",
                "in": "query",
                "required": False,
                "description": "页码，从 1 开始。",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
            },
            {
                "name": "page_size",
                "in": "query",
                "required": False,
                "description": "每页条数，1–100，默认 20。",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


# --- call log ---------------------------------------------------------------------------


class LoggedCallsMixin:
    """The API's own REST settings (kept off REST framework's global defaults, which Wagtail's
    admin API also reads), and the call log: every call made with a token is recorded (token,
    path, status, time), refused ones too."""

    authentication_classes = [AccessTokenAuthentication, ReadOnlySessionAuthentication]
    throttle_classes = [ApiRateThrottle]
    pagination_class = ApiPagination
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    schema = ApiSchema()

    def get_exception_handler(self):
        return api_exception_handler

    # The view's documented query parameters (OpenApiParameter), held to their enums and
    # integer bounds before the view runs: what the schema calls invalid is refused with a 400.
    documented_params: list = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        refuse_control_characters(request.query_params)
        check_documented_params(request.query_params, self.documented_params)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        token = getattr(request, "_auth", None)
        if not isinstance(token, AccessToken):
            token = request.__dict__.get("refused_token")  # not Request.__getattr__'s fallback
        if isinstance(token, AccessToken):
            services.token_call_record(
                token=token, method=request.method, path=request.get_full_path(), status=response.status_code
            )
        return response
