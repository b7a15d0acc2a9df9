"""Finding 11: the public page that checks a credit certificate's code (/workshops/verify/)
took any number of guesses. Now, as the sign-in page, it refuses an address that sent too many
unknown codes, in Chinese with HTTP 429, until the cool-off is over; other addresses and
people who only open the page are not affected."""

import pytest

from credits import exports
from credits.models import ExportKind

VERIFY = "/workshops/verify/"


@pytest.fixture
def real_cache(settings):
    """The throttle counts in the cache, which the test settings turn off."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "verify"}}
    settings.VERIFY_FAILURE_LIMIT = 3
    settings.VERIFY_COOLOFF_MINUTES = 15
    yield
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def certificate(ws):
    return exports.credit_export_create(user=ws.member, kind=ExportKind.CREDITS_PRINT).record


def check(client, code, ip="10.0.0.8"):
    return client.get(VERIFY, {"code": code}, REMOTE_ADDR=ip)


def test_too_many_wrong_codes_from_one_address_are_refused_in_chinese_with_429(client, real_cache, certificate):
    for guess in ("AAAA-BBBB-CCC2", "AAAA-BBBB-CCC3", "AAAA-BBBB-CCC4"):
        response = check(client, guess)
        assert response.status_code == 200 and "验证码无效" in response.content.decode()
    refused = check(client, certificate.code)  # even the right code, until the cool-off is over
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "验证失败次数过多，请 15 分钟后再试" in html
    assert "验证码有效" not in html and certificate.summary["name"] not in html


def test_another_address_and_right_codes_are_not_held_back(client, real_cache, certificate):
    for _ in range(5):
        assert check(client, certificate.code).status_code == 200  # right codes do not count
    assert check(client, "").status_code == 200  # opening the page does not count either
    for _ in range(3):
        check(client, "ZZZZ-ZZZZ-ZZZZ", ip="10.0.0.9")
    assert check(client, "ZZZZ-ZZZZ-ZZZZ", ip="10.0.0.9").status_code == 429
    response = check(client, certificate.code, ip="10.0.0.10")
    assert response.status_code == 200 and "验证码有效" in response.content.decode()


def test_the_limit_comes_from_the_settings(client, real_cache, settings, certificate):
    settings.VERIFY_FAILURE_LIMIT = 1
    settings.VERIFY_COOLOFF_MINUTES = 5
    assert check(client, "AAAA-AAAA-AAAA").status_code == 200
    refused = check(client, certificate.code)
    assert refused.status_code == 429 and "请 5 分钟后再试" in refused.content.decode()
