"""访问令牌: created and revoked by their owner on a portal page, shown once, stored hashed,
limited per token, and every call logged."""

from __future__ import annotations

import hashlib
import re

import pytest

from django.test import Client, override_settings

from api.models import AccessToken, TokenCall

from .conftest import token_for

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api-throttle"}}


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_teacher_creates_a_token_sees_it_once_and_only_its_digest_is_kept(world):
    client = _signed_in(world.teacher)
    page = client.get("/accounts/tokens/").content.decode()
    assert "访问令牌" in page
    assert 'value="read_own"' in page and 'value="region_stats"' not in page  # a teacher's scopes only
    response = client.post("/accounts/tokens/", {"name": "学校管理系统", "scopes": ["read_own"], "days": "90"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = re.search(r"rtpt_[A-Za-z0-9_-]{40,}", response.content.decode()).group(0)
    token = AccessToken.objects.get(user=world.teacher)
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(AccessToken.objects.filter(pk=token.pk).values().get())
    assert secret not in client.get("/accounts/tokens/").content.decode()  # shown once
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/me/").json()["username"] == world.teacher.username


def test_a_teacher_cannot_grant_scopes_beyond_the_role(world):
    client = _signed_in(world.teacher)
    response = client.post("/accounts/tokens/", {"name": "越权", "scopes": ["import_resources"], "days": "90"})
    assert response.status_code == 400
    assert not AccessToken.objects.filter(user=world.teacher).exists()
    editor = _signed_in(world.users["editor"])
    page = editor.get("/accounts/tokens/").content.decode()
    assert 'value="import_resources"' in page and 'value="region_stats"' in page


def test_revoking_stops_the_token_at_once_and_only_its_owner_may(world):
    secret = token_for(world.teacher, "read_own")
    token = AccessToken.objects.get(user=world.teacher)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/me/").status_code == 200
    # Another teacher cannot revoke it (it is "not found" to them).
    assert _signed_in(world.other).post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert api.get("/api/v1/me/").status_code == 200
    response = _signed_in(world.teacher).post(f"/accounts/tokens/{token.pk}/revoke/", follow=True)
    assert "令牌已撤销" in response.content.decode()
    refused = api.get("/api/v1/me/")
    assert refused.status_code == 401
    assert refused.json()["detail"] == "令牌已被撤销。"
    # The refused call is still in the revoked token's log.
    assert token.calls.order_by("-pk").values_list("path", "status").first() == ("/api/v1/me/", 401)


@pytest.mark.parametrize(
    ("header", "message"),
    [("Bearer rtpt_wrong", "令牌无效。"), ("Bearer", "Authorization 头应为"), ("Bearer a b", "Authorization 头应为")],
)
def test_a_bad_token_is_401_with_a_clear_message(world, header, message):
    response = Client(HTTP_AUTHORIZATION=header).get("/api/v1/resources/")
    assert response.status_code == 401
    assert message in response.json()["detail"]


def test_an_expired_token_is_refused(world):
    from django.utils import timezone

    secret = token_for(world.teacher, "read_own")
    AccessToken.objects.filter(user=world.teacher).update(expires_at=timezone.now())
    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/me/")
    assert response.status_code == 401 and "过期" in response.json()["detail"]
    assert TokenCall.objects.filter(token__user=world.teacher, status=401).count() == 1


def test_every_token_call_is_logged_with_path_and_status_and_shown_to_its_owner(world):
    secret = token_for(world.users["editor"], "read_own")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    api.get("/api/v1/resources/", {"stage": "初中"})
    api.get("/api/v1/resources/999999/")
    api.get("/api/v1/stats/region/")  # no region_stats scope on this token
    calls = list(TokenCall.objects.order_by("pk").values_list("method", "path", "status"))
    assert calls == [
        ("GET", "/api/v1/resources/?stage=%E5%88%9D%E4%B8%AD", 200),
        ("GET", "/api/v1/resources/999999/", 404),
        ("GET", "/api/v1/stats/region/", 403),
    ]
    assert AccessToken.objects.get().last_used_at is not None
    page = _signed_in(world.users["editor"]).get("/accounts/tokens/").content.decode()
    assert "/api/v1/stats/region/" in page
    assert "/api/v1/stats/region/" not in _signed_in(world.teacher).get("/accounts/tokens/").content.decode()


@override_settings(CACHES=LOCMEM, API_RATE_TOKEN="3/hour", API_RATE_ANON="2/hour")
def test_rate_limits_are_per_token(world):
    from django.core.cache import cache

    cache.clear()
    first = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(world.teacher, 'read_own')}")
    second = Client(HTTP_AUTHORIZATION=f"Bearer {token_for(world.teacher, 'read_own')}")
    assert [first.get("/api/v1/stages/").status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = first.get("/api/v1/stages/")
    assert refused.status_code == 429 and refused["Retry-After"]
    assert refused.json()["detail"]
    assert second.get("/api/v1/stages/").status_code == 200  # its own budget
    assert [Client().get("/api/v1/stages/").status_code for _ in range(3)] == [200, 200, 429]
    assert TokenCall.objects.filter(status=429).count() == 2


def test_the_token_page_needs_sign_in_and_is_linked_from_every_page(world):
    response = Client().get("/accounts/tokens/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert 'href="/accounts/tokens/"' in _signed_in(world.teacher).get("/workshops/me/works/").content.decode()
