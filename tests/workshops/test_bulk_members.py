"""批量添加成员: a workshop host adds members from an uploaded list or a whole school; only the
host may, unknown usernames are reported by line, and adding the same people again adds nobody."""

import io

import pytest
from openpyxl import Workbook

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import UserFactory
from tests.workshops.conftest import add_member
from workshops.models import MemberStatus, WorkshopMembership

pytestmark = pytest.mark.django_db


def bulk_url(ws):
    return reverse("workshops:members_bulk", args=(ws.workshop.pk,))


def listing(body: str, name="名单.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body.encode("utf-8-sig"), content_type="text/csv")


def active_members(ws) -> set[str]:
    return set(
        WorkshopMembership.objects.filter(workshop=ws.workshop, status=MemberStatus.ACTIVE).values_list(
            "user__username", flat=True
        )
    )


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_host_sees_the_bulk_form(client, ws):
    client.force_login(ws.host)
    page = client.get(ws.workshop.url).content.decode()
    assert "批量添加成员" in page and bulk_url(ws) in page and "岳麓B校" in page
    client.force_login(ws.member)
    assert bulk_url(ws) not in client.get(ws.workshop.url).content.decode()


def test_the_host_adds_members_from_a_csv_and_hears_of_unknown_lines(client, ws):
    client.force_login(ws.host)
    body = "姓名,用户名\n,teacher_outsider\n,nobody_here\n,teacher_member\n,teacher_c\n"
    response = client.post(bulk_url(ws), {"file": listing(body)})
    assert response.status_code == 302 and response["Location"] == ws.workshop.url
    messages = said(response)
    assert "已添加 2 名成员；1 名原已是成员。" in messages
    assert any("第 3 行：没有找到账号“nobody_here”" in m for m in messages)
    assert active_members(ws) == {"teacher_member", "teacher_member2", "teacher_outsider", "teacher_c"}


def test_the_host_adds_members_from_an_xlsx_with_staff_numbers(client, ws):
    UserFactory(username="20230001", role="teacher", role__school=ws.school_b)
    workbook = Workbook()
    workbook.active.append(["工号", "姓名"])
    workbook.active.append([20230001, "赵敏"])
    out = io.BytesIO()
    workbook.save(out)
    client.force_login(ws.host)
    upload = SimpleUploadedFile("名单.xlsx", out.getvalue())
    response = client.post(bulk_url(ws), {"file": upload})
    assert "已添加 1 名成员；0 名原已是成员。" in said(response)
    assert "20230001" in active_members(ws)


def test_the_host_adds_a_whole_school_and_again_adds_nobody(client, ws):
    gone = UserFactory(username="retired_a", role="teacher", role__school=ws.school_a, is_active=False)
    declined = add_member(ws.workshop, ws.outsider)
    declined.status = MemberStatus.DECLINED
    declined.save()
    client.force_login(ws.host)
    response = client.post(bulk_url(ws), {"school": ws.school_b.pk})
    # 岳麓B校's teachers (not its trainer): the outsider, whose earlier request was declined.
    assert "已添加 1 名成员；0 名原已是成员。" in said(response)
    assert "teacher_outsider" in active_members(ws) and "trainer_b" not in active_members(ws)

    response = client.post(bulk_url(ws), {"school": ws.school_a.pk})
    assert "已添加 0 名成员；2 名原已是成员。" in said(response)  # member, member2; not the inactive one
    assert gone.username not in active_members(ws)
    before = list(WorkshopMembership.objects.filter(workshop=ws.workshop).order_by("pk").values())
    again = client.post(bulk_url(ws), {"school": ws.school_b.pk})
    assert "已添加 0 名成员；1 名原已是成员。" in said(again)
    assert list(WorkshopMembership.objects.filter(workshop=ws.workshop).order_by("pk").values()) == before


def test_the_new_members_see_the_members_only_material(client, ws):
    client.force_login(ws.host)
    client.post(reverse("workshops:members_bulk", args=(ws.private.pk,)), {"file": listing("用户名\nteacher_c\n")})
    assert WorkshopMembership.objects.get(workshop=ws.private, user=ws.teacher_c).status == MemberStatus.ACTIVE


@pytest.mark.parametrize("who", ["member", "outsider", "editor"])
def test_anyone_but_the_host_is_refused(client, ws, who):
    client.force_login(getattr(ws, who))
    response = client.post(bulk_url(ws), {"file": listing("用户名\nteacher_c\n")})
    assert "只有坊主或副坊主可以进行此操作。" in said(response)
    assert "teacher_c" not in active_members(ws)


def test_a_file_without_a_username_column_or_of_the_wrong_kind_is_explained(client, ws):
    client.force_login(ws.host)
    response = client.post(bulk_url(ws), {"file": listing("姓名\n张三\n")})
    assert any("缺少列：用户名" in m for m in said(response))
    response = client.post(bulk_url(ws), {"file": SimpleUploadedFile("x.docx", b"PK\x03\x04")})
    assert any("请上传 CSV 或 Excel（.xlsx）文件。" in m for m in said(response))
    response = client.post(bulk_url(ws), {})
    assert any("二选一" in m for m in said(response))
