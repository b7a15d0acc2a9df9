"""Finding 8, the workshop places not yet covered elsewhere: a Unicode digit pushed as a
resource, an implausible ``?month=0001-01`` on the school and county dashboards, and a 30-digit
workshop id in the journal form. Each answers with a Chinese message or reads the value as
missing, never a server error, and writes nothing."""

import pytest

from django.utils import timezone

from tests.workshops.test_workshop_actions import sub
from workshops.models import JournalEntry, ResourcePush

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


@pytest.mark.parametrize("value", ["²", "٣", "１２", "-1"])
def test_push_of_a_resource_number_in_unicode_digits_is_refused_in_chinese(client, ws, value):
    client.force_login(ws.host)
    response = client.post(sub(ws.workshop, "push"), {"resource": value, "note": "请大家参考"}, follow=True)
    assert response.status_code == 200
    assert "没有找到该资源，请填写资源编号或资源页面链接" in response.content.decode()
    assert not ResourcePush.objects.exists()


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "0000-00", "1999-12"])
@pytest.mark.parametrize("dashboard", ["school", "county"])
def test_an_implausible_month_on_a_dashboard_shows_this_month(client, ws, dashboard, month):
    client.force_login(ws.trainer_a if dashboard == "school" else ws.host)
    response = client.get(f"/workshops/{dashboard}/", {"month": month})
    today = timezone.localdate()
    assert response.status_code == 200
    assert (response.context["year"], response.context["month"]) == (today.year, today.month)


@pytest.mark.parametrize(
    "value, message", [(HUGE, "确保该值小于或等于"), ("²", "输入整数"), ("-1", "确保该值大于或等于1。")]
)
def test_journal_shared_to_an_unreadable_workshop_id_is_refused_in_chinese(client, ws, value, message):
    client.force_login(ws.member)
    response = client.post(
        "/workshops/me/journal/",
        {"title": "听课反思", "body": "学生参与度高。", "visibility": "shared", "workshop": value},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "研修日志已保存" not in html
    assert message in html
    assert not JournalEntry.objects.exists()
