"""load_demo builds a realistic Chinese portal, idempotently."""

import io

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import RequestFactory

from home.models import Region, Role, School, TeacherProfile
from resources.models import GeneratedResourcePage, ResourceAttachment

pytestmark = pytest.mark.django_db


def load(**options) -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def test_load_demo_builds_the_portal_and_is_idempotent(client):
    output = load()
    counts = (
        GeneratedResourcePage.objects.count(),
        School.objects.count(),
        get_user_model().objects.count(),
        ResourceAttachment.objects.count(),
    )
    assert counts[0] >= 300
    assert counts[1] >= 20
    for path in ("河北省", "天津市", "湖南省", "重庆市/潼南区", "湖南省/长沙市/岳麓区"):
        assert Region.objects.filter(path=path).exists(), path
    for role in Role:
        assert TeacherProfile.objects.filter(role=role).exists(), role
    # Works across kinds, subjects and stages, with Chinese titles.
    assert GeneratedResourcePage.objects.values("kind").distinct().count() == 9
    assert GeneratedResourcePage.objects.values("stage").distinct().count() == 5
    assert GeneratedResourcePage.objects.values("subject").distinct().count() >= 15
    assert all("\u4e00" <= ch <= "\u9fff" for ch in GeneratedResourcePage.objects.first().title[:1] if ch.isalpha())
    # The logins are printed.
    for username in ("admin", "editor_hunan", "county_yuelu", "school_yuelu1", "rtpt2026"):
        assert username in output

    load()
    assert (
        GeneratedResourcePage.objects.count(),
        School.objects.count(),
        get_user_model().objects.count(),
        ResourceAttachment.objects.count(),
    ) == counts

    # A visitor browses, opens a work and downloads its attachment.
    assert client.get("/").status_code == 200
    listing = client.get("/library/", {"stage": "初中", "subject": "数学"})
    assert listing.status_code == 200 and listing.context["resources"].paginator.count > 0
    attachment = ResourceAttachment.objects.filter(page__live=True).select_related("page", "document").first()
    page = client.get(attachment.page.url)
    assert attachment.document.url in page.content.decode()
    download = client.get(attachment.document.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"  # a real .docx (zip) file


def test_demo_teacher_can_log_in_to_the_admin(client):
    load(resources=20)
    profile = TeacherProfile.objects.filter(role=Role.TEACHER, school__name="长沙市岳麓区第一小学").first()
    # django-axes checks every sign-in against its request, as a browser sign-in has one.
    assert client.login(
        request=RequestFactory().post("/admin/login/"), username=profile.user.username, password="rtpt2026"
    )
    assert client.get("/admin/").status_code == 200
