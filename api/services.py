"""Personal access tokens: who may hold which scope, creating, revoking, finding, logging calls."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from home.models import Role
from home.people import profile_of

from .models import AccessToken, Scope, TokenCall

TOKEN_PREFIX = "rtpt_"  # noqa: S105 - the marker every token starts with, not a secret
MAX_ACTIVE_TOKENS = 20
LIFETIMES_DAYS = (30, 90, 365)


class TokenError(ValueError):
    """A refused token request; the message is shown to the user."""


def scopes_allowed(*, user) -> list[str]:
    """The scopes ``user`` may put on a token: everyone reads their own records; trainers and
    editors read their region's statistics; editors (and superusers) import resources."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return list(Scope.values)
    profile = profile_of(user)
    role = profile.role if profile is not None else Role.TEACHER
    allowed = [Scope.READ_OWN.value]
    if role in (Role.SCHOOL_TRAINER, Role.COUNTY_TRAINER, Role.EDITOR):
        allowed.append(Scope.REGION_STATS.value)
    if role == Role.EDITOR:
        allowed.append(Scope.IMPORT_RESOURCES.value)
    return allowed


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, user, name: str, scopes: list[str], days: int) -> tuple[AccessToken, str]:
    """A new token and its secret (returned once; only its digest is stored)."""
    name = name.strip()
    if not name:
        raise TokenError("请填写令牌名称。")
    if not scopes:
        raise TokenError("请至少选择一项权限范围。")
    refused = sorted(set(scopes) - set(scopes_allowed(user=user)))
    if refused:
        raise TokenError("您的角色不能授予这些权限：" + "、".join(refused))
    if days not in LIFETIMES_DAYS:
        raise TokenError("有效期只能选择 30、90 或 365 天。")
    with transaction.atomic():
        # One user's creations are serialised, so two at once cannot both pass the limit.
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        if AccessToken.objects.filter(user=user).active().count() >= MAX_ACTIVE_TOKENS:
            raise TokenError(f"有效令牌最多 {MAX_ACTIVE_TOKENS} 个，请先撤销不用的令牌。")
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = AccessToken.objects.create(
            user=user,
            name=name[:60],
            prefix=secret[: len(TOKEN_PREFIX) + 6],
            digest=digest_of(secret),
            scopes=[scope for scope in Scope.values if scope in scopes],
            expires_at=timezone.now() + datetime.timedelta(days=days),
        )
    return token, secret


def token_revoke(*, user, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False when no such active token is theirs."""
    return bool(
        AccessToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    )


def token_for_secret(secret: str) -> AccessToken | None:
    """The token a secret stands for, with its user, whatever its state (the caller tells
    revoked and expired tokens apart for a clear message)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    return AccessToken.objects.select_related("user").filter(digest=digest_of(secret)).first()


def token_call_record(*, token: AccessToken, method: str, path: str, status: int) -> None:
    """Log one call made with ``token`` and note when it was last used."""
    now = timezone.now()
    TokenCall.objects.create(token=token, method=method[:10], path=path[:300], status=status, at=now)
    AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def user_tokens(*, user):
    """The user's tokens, newest first, with their number of calls."""
    from django.db.models import Count

    return AccessToken.objects.filter(user=user).annotate(call_count=Count("calls")).order_by("-created_at", "-pk")


def recent_calls(*, user, limit: int = 20):
    return (
        TokenCall.objects.filter(token__user=user)
        .select_related("token")
        .order_by("-at", "-pk")
        .annotate(token_name=F("token__name"))[:limit]
    )
