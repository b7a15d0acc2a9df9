"""Members-only material (仅成员可见) never reaches non-members: pages, sub-pages, listings,
search, downloads, cross-workshop sharing and dashboards."""

import datetime

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import GeneratedResourcePageFactory
from tests.workshops.conftest import add_member
from workshops import services
from workshops.models import JournalVisibility

pytestmark = pytest.mark.django_db

SECRET_THREAD = "名师工作室内部研讨：期中试卷分析"
SECRET_PLAN = "名师工作室三年培养计划"


@pytest.fixture
def material(ws, library):
    thread = services.thread_create(
        workshop=ws.private, author=ws.member, title=SECRET_THREAD, body="仅限成员讨论的内容"
    )
    services.plan_publish(
        workshop=ws.private,
        actor=ws.host,
        title=SECRET_PLAN,
        description="",
        phases=[{"name": "诊断阶段", "starts_on": datetime.date(2026, 9, 1), "ends_on": datetime.date(2026, 10, 1)}],
    )
    activity = services.activity_create(
        workshop=ws.private,
        actor=ws.host,
        title="内部听课评课",
        kind="observation",
        mode="offline",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        hours=2,
        place="岳麓A校录播室",
    )
    resource = GeneratedResourcePageFactory(parent=library, title="公开资源：一次函数教学设计")
    services.resource_push(workshop=ws.private, actor=ws.host, resource_id=resource.pk, note="内部推送说明：重点研读")
    upload = SimpleUploadedFile("neibu.pdf", b"%PDF-1.4 internal\n%%EOF\n", content_type="application/pdf")
    item = services.workshop_file_add(
        workshop=ws.private, actor=ws.member, title="内部课例视频脚本", uploaded_file=upload
    )
    return {"thread": thread, "activity": activity, "file": item, "resource": resource}


def _sub(page, name, *args):
    return page.url + page.reverse_subpage(name, args=args)


@pytest.mark.parametrize("who", ["anonymous", "outsider", "member_of_other_workshop"])
def test_non_members_see_only_name_and_intro(client, ws, material, who):
    if who == "outsider":
        client.force_login(ws.outsider)
    elif who == "member_of_other_workshop":
        client.force_login(ws.member2)  # member of the public workshop, not of the private one
    html = client.get(ws.private.url).content.decode()
    assert "岳麓区名师工作室" in html and "仅对成员开放" in html
    for secret in (
        SECRET_THREAD,
        SECRET_PLAN,
        "内部听课评课",
        "内部推送说明",
        "内部课例视频脚本",
        material["file"].document.url,
    ):
        assert secret not in html
    assert client.get(_sub(ws.private, "thread", material["thread"].pk)).status_code == 404
    assert client.get(_sub(ws.private, "activity", material["activity"].pk)).status_code == 404


def test_members_see_the_material(client, ws, material):
    client.force_login(ws.member)
    html = client.get(ws.private.url).content.decode()
    for text in (SECRET_THREAD, SECRET_PLAN, "内部听课评课", "内部推送说明", "内部课例视频脚本"):
        assert text in html
    assert client.get(_sub(ws.private, "thread", material["thread"].pk)).status_code == 200


def test_index_listing_shows_no_material(client, ws, material):
    client.force_login(ws.outsider)
    html = client.get("/workshops/").content.decode()
    assert SECRET_THREAD not in html and SECRET_PLAN not in html


def test_workshop_file_downloads_only_for_members(client, ws, material):
    url = material["file"].document.url
    assert client.get(url).status_code == 404
    client.force_login(ws.outsider)
    assert client.get(url).status_code == 404
    client.force_login(ws.member2)
    assert client.get(url).status_code == 404
    client.force_login(ws.member)
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-1.4 internal")
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(ws.host)
    assert client.get(url).status_code == 200


def test_public_workshop_file_downloads_for_everyone(client, ws):
    upload = SimpleUploadedFile("gongkai.pdf", b"%PDF-1.4 public\n%%EOF\n", content_type="application/pdf")
    item = services.workshop_file_add(workshop=ws.workshop, actor=ws.member, title="公开讲义", uploaded_file=upload)
    assert client.get(item.document.url).status_code == 200


def test_resource_attachments_still_follow_the_library_rules(client, ws, library):
    """The workshop hook leaves documents that are not workshop files to the library's rule."""
    from tests.factories import attach

    draft = GeneratedResourcePageFactory(parent=library, live=False)
    attachment = attach(draft)
    assert client.get(attachment.document.url).status_code == 404


def test_search_never_returns_workshop_material(client, ws, material):
    for url in ("/search/", "/api/search/"):
        response = client.get(url, {"q": "期中试卷分析"})
        assert response.status_code == 200
        assert SECRET_THREAD not in response.content.decode()
    data = client.get("/api/search/", {"q": "名师工作室"}).json()
    assert all("名师工作室" not in str(hit) for hit in data.get("results", []))


def test_members_only_threads_cannot_be_shared_out(ws, material):
    add_member(ws.workshop, ws.member)
    with pytest.raises(services.WorkshopError, match="不能分享到其他工作坊"):
        services.thread_share(thread=material["thread"], user=ws.member, target=ws.workshop)


def test_journals_private_stay_private_shared_reach_school_community(client, ws):
    services.journal_add(
        author=ws.member, title="私密日志：反思", body="只给自己看", visibility=JournalVisibility.PRIVATE
    )
    services.journal_add(
        author=ws.member, title="分享日志：单元整体教学", body="与同事分享", visibility=JournalVisibility.SHARED
    )
    client.force_login(ws.trainer_a)
    html = client.get("/workshops/school/").content.decode()
    assert "分享日志：单元整体教学" in html
    assert "私密日志：反思" not in html


def test_journal_shared_into_private_workshop_is_only_shown_there(client, ws):
    services.journal_add(
        author=ws.member,
        title="工作室日志：课堂观察",
        body="工作室内分享",
        visibility=JournalVisibility.SHARED,
        workshop=ws.private,
    )
    client.force_login(ws.outsider)
    assert "工作室日志：课堂观察" not in client.get(ws.private.url).content.decode()
    client.force_login(ws.member)
    assert "工作室日志：课堂观察" in client.get(ws.private.url).content.decode()
