"""The portal's front door: Chinese sign-in, landing by role, safe ?next=, sign-out, password
change and reset by e-mail, the reason on a 403, and menu entries only for those who may use them."""

import re
from urllib.parse import unquote

import pytest

from django.core import mail

from tests.factories import SchoolFactory, UserFactory, region
from workshops.models import WorkshopIndexPage

LOGIN = "/accounts/login/"


@pytest.fixture
def teacher(db):
    user = UserFactory(username="li_hong", password="spring-2026", role="teacher")
    user.profile.display_name = "李红"
    user.profile.save()
    return user


def _sign_in(client, username="li_hong", password="spring-2026", **extra):  # noqa: S107
    return client.post(LOGIN, {"username": username, "password": password, **extra}, REMOTE_ADDR="10.1.1.1")


def test_the_sign_in_page_is_chinese_and_in_the_portals_look(client, db):
    page = client.get(LOGIN).content.decode()
    assert "登录教师研训资源云" in page and "用户名或工号" in page and "忘记密码" in page
    assert 'class="site-header"' in page  # the portal's own header, not Wagtail's login
    assert "Wagtail" not in page and "Password" not in page and "Username" not in page


def test_a_wrong_password_is_explained_in_plain_chinese(client, teacher):
    response = _sign_in(client, password="wrong-one")
    assert response.status_code == 200
    page = response.content.decode()
    assert "用户名或密码不正确" in page
    assert "_auth_user_id" not in client.session


def test_a_teacher_lands_in_their_own_space(client, teacher):
    response = _sign_in(client)
    assert response.status_code == 302 and response["Location"] == "/workshops/me/"


@pytest.mark.parametrize("role", ["school_trainer", "county_trainer", "editor"])
def test_a_trainer_or_editor_lands_on_the_review_queue(client, db, role):
    UserFactory(username="reviewer_x", password="spring-2026", role=role, role__region=region())
    response = _sign_in(client, username="reviewer_x")
    assert response.status_code == 302 and response["Location"] == "/admin/review/"


def test_next_is_honoured_when_it_stays_on_the_site(client, teacher):
    response = _sign_in(client, next="/library/?subject=数学")
    assert unquote(response["Location"]) == "/library/?subject=数学"


@pytest.mark.parametrize("target", ["https://evil.example.com/", "//evil.example.com/x", "javascript:alert(1)"])
def test_next_leaving_the_site_is_ignored(client, teacher, target):
    response = _sign_in(client, next=target)
    assert response.status_code == 302 and response["Location"] == "/workshops/me/"


def test_every_page_shows_who_is_signed_in_and_a_way_out(client, teacher):
    client.force_login(teacher)
    page = client.get("/search/").content.decode()
    assert "李红" in page and "（教师）" in page
    assert 'action="/accounts/logout/"' in page and "退出" in page
    assert "我的作品" in page and "工作台" not in page  # a teacher works in the portal, not the CMS


def test_signing_out_takes_a_post_and_says_so(client, teacher):
    client.force_login(teacher)
    assert client.get("/accounts/logout/").status_code == 405  # a link or prefetch cannot sign anyone out
    assert "_auth_user_id" in client.session
    response = client.post("/accounts/logout/", follow=True)
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "您已安全退出" in page and 'href="/accounts/login/"' in page


def test_an_anonymous_visitor_is_offered_sign_in_coming_back_here(client, db):
    page = client.get("/search/?q=勾股").content.decode()
    assert "工作台" not in page and "退出" not in page
    assert 'href="/accounts/login/?next=/search/%3Fq%3D' in page


def test_password_change(client, teacher):
    client.force_login(teacher)
    form = client.get("/accounts/password/change/").content.decode()
    assert "当前密码" in form and "再次输入新密码" in form
    wrong = client.post(
        "/accounts/password/change/",
        {"old_password": "nope", "new_password1": "autumn-leaves-88", "new_password2": "autumn-leaves-88"},
    )
    assert "当前密码不正确" in wrong.content.decode()
    done = client.post(
        "/accounts/password/change/",
        {"old_password": "spring-2026", "new_password1": "autumn-leaves-88", "new_password2": "autumn-leaves-88"},
        follow=True,
    )
    assert "密码已修改" in done.content.decode()
    teacher.refresh_from_db()
    assert teacher.check_password("autumn-leaves-88")


def test_password_reset_by_email_sets_a_new_password(client, teacher):
    response = client.post("/accounts/password/reset/", {"email": teacher.email}, follow=True)
    assert "重置邮件已发送" in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [teacher.email] and "重置" in message.subject and "li_hong" in message.body
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "新密码" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link,
        {"new_password1": "winter-snow-77", "new_password2": "winter-snow-77"},
        follow=True,
    )
    assert "密码已重置" in done.content.decode()
    teacher.refresh_from_db()
    assert teacher.check_password("winter-snow-77")


def test_an_unknown_email_reveals_nothing(client, teacher):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.cn"}, follow=True)
    assert "重置邮件已发送" in response.content.decode()
    assert mail.outbox == []


def test_a_refusal_says_why_in_the_portals_look(client, teacher):
    index = WorkshopIndexPage.objects.get()
    client.force_login(teacher)
    response = client.get(index.url + "county/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "区域社区仅对县级培训者与编辑开放" in page and 'class="site-header"' in page


def test_the_admin_menu_offers_communities_only_to_those_they_open_for(client, db):
    school = SchoolFactory(region=region())
    school_trainer = UserFactory(role="school_trainer", role__school=school, role__region=school.region)
    county_trainer = UserFactory(role="county_trainer", role__region=region())
    client.force_login(school_trainer)
    menu = client.get("/admin/").content.decode()
    assert "workshops-school" in menu and "workshops-county" not in menu and "workshops-proposals" not in menu
    client.force_login(county_trainer)
    menu = client.get("/admin/").content.decode()
    assert "workshops-county" in menu and "workshops-school" not in menu
