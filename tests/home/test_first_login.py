"""首次登录改密: an imported teacher signs in with the initial password, is held on the password
change page until they choose their own, and then uses the portal normally."""

import pytest

from django.contrib.auth import get_user_model

from home.people_import import read_sheet, teachers_import
from tests.factories import SchoolFactory, UserFactory, region

LOGIN = "/accounts/login/"
CHANGE = "/accounts/password/change/"


@pytest.fixture
def imported(db):
    school = SchoolFactory(name="岳麓实验中学", region=region("湖南省/长沙市/岳麓区"))
    editor = UserFactory(username="editor_x", role="editor", role__region=school.region)
    data = "姓名,工号,学校\n周静,20230042,岳麓实验中学\n".encode()
    teachers_import(
        rows=read_sheet(data=data, filename="t.csv"), actor=editor, dry_run=False, initial_password="Initial#2026"
    )
    return get_user_model().objects.get(username="20230042")


def _sign_in(client, password="Initial#2026"):  # noqa: S107
    return client.post(LOGIN, {"username": "20230042", "password": password}, REMOTE_ADDR="10.2.2.2", follow=True)


def test_an_imported_teacher_is_sent_to_change_the_initial_password(client, imported):
    response = _sign_in(client)
    assert response.redirect_chain[-1][0] == CHANGE
    page = response.content.decode()
    assert "首次登录，请先修改初始密码。" in page and "首次登录请先设置您自己的密码" in page


@pytest.mark.parametrize("path", ["/workshops/me/", "/library/", "/workshops/me/works/", "/admin/", "/search/"])
def test_no_other_page_opens_before_the_change(client, imported, path):
    _sign_in(client)
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == CHANGE


def test_the_reason_is_said_once_however_many_pages_were_turned_away(client, imported):
    client.post(LOGIN, {"username": "20230042", "password": "Initial#2026"}, REMOTE_ADDR="10.2.2.2")
    for path in ("/workshops/me/", "/favicon.ico", "/library/"):
        client.get(path)
    page = client.get(CHANGE).content.decode()
    assert page.count("首次登录，请先修改初始密码。") == 1


def test_signing_out_stays_possible(client, imported):
    _sign_in(client)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_after_the_change_the_teacher_lands_normally(client, imported):
    _sign_in(client)
    done = client.post(
        CHANGE,
        {"old_password": "Initial#2026", "new_password1": "my-own-Pass-77", "new_password2": "my-own-Pass-77"},
        follow=True,
    )
    assert "密码已修改" in done.content.decode()
    imported.refresh_from_db()
    assert imported.profile.must_change_password is False and imported.check_password("my-own-Pass-77")
    assert client.get("/workshops/me/").status_code == 200
    # Signing in again goes straight to the teacher's own space.
    client.post("/accounts/logout/")
    again = client.post(LOGIN, {"username": "20230042", "password": "my-own-Pass-77"}, REMOTE_ADDR="10.2.2.2")
    assert again["Location"] == "/workshops/me/"
    assert client.get("/workshops/me/").status_code == 200


def test_a_wrong_current_password_keeps_the_teacher_on_the_form(client, imported):
    _sign_in(client)
    response = client.post(
        CHANGE, {"old_password": "guess", "new_password1": "my-own-Pass-77", "new_password2": "my-own-Pass-77"}
    )
    assert response.status_code == 200 and "当前密码不正确" in response.content.decode()
    assert client.get("/library/")["Location"] == CHANGE


def test_a_teacher_who_chose_their_own_password_is_never_held(client, db):
    UserFactory(username="li_hong", password="spring-2026", role="teacher")
    response = client.post(LOGIN, {"username": "li_hong", "password": "spring-2026"}, REMOTE_ADDR="10.2.2.3")
    assert response["Location"] == "/workshops/me/"
    assert client.get("/workshops/me/").status_code == 200
