"""Who is calling: a personal access token (``Authorization: Bearer rtpt_…``) or the browser
session. Kept apart from the schema code: REST framework imports these classes while its own
modules are still loading."""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header

from . import services


class AccessTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer rtpt_…``: a personal access token (访问令牌)."""

    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Authorization 头应为“Bearer 令牌”。")
        try:
            secret = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("令牌无效。") from None
        token = services.token_for_secret(secret)
        if token is None:
            raise exceptions.AuthenticationFailed("令牌无效。")
        # A known token refused (revoked, expired, its account disabled): the call is still
        # logged against it, so its owner sees who keeps using it.
        request.refused_token = token
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("令牌已被撤销。")
        if not token.is_active:
            raise exceptions.AuthenticationFailed("令牌已过期，请在“访问令牌”页面重新创建。")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("账号已停用。")
        del request.refused_token
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class ReadOnlySessionAuthentication(SessionAuthentication):
    """The signed-in browser session, for reading in the browser and the docs page."""
