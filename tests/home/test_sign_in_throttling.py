"""Finding: the right password was accepted after any number of wrong ones."""

import pytest

from tests.factories import UserFactory

LOGIN = "/accounts/login/"


@pytest.fixture
def teacher(db):
    return UserFactory(username="wang_xy", password="right-pass-2026", role="teacher")


def _sign_in(client, password, ip="10.0.0.8"):
    return client.post(LOGIN, {"username": "wang_xy", "password": password}, REMOTE_ADDR=ip)


def test_five_wrong_passwords_lock_the_account_from_that_address_with_a_chinese_page(client, teacher, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _sign_in(client, "wrong").status_code == 200  # the form again, with its error
    assert _sign_in(client, "wrong").status_code == 429  # the limit-th failure locks
    locked = _sign_in(client, "right-pass-2026")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "登录已暂时锁定" in page and "15 分钟" in page
    assert "_auth_user_id" not in client.session


def test_another_address_still_signs_in_and_success_resets_the_count(client, teacher, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "wrong")
    assert _sign_in(client, "right-pass-2026", ip="10.0.0.9").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "wrong", ip="10.0.0.10")
    assert _sign_in(client, "right-pass-2026", ip="10.0.0.10").status_code == 302
