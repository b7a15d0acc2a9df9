"""Finding: a new work created in the page editor with 发布 must not become public.

Before the fix the create view added the page as live (Page.live defaults to True) and only
then refused the publish, so the work answered 200 at its URL and appeared in the library.
"""

import pytest

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import Stage, Subject
from resources.models import GeneratedResourcePage


def _new_work(slug: str, school) -> dict:
    return nested_form_data(
        {
            "title": "绕过审核的作品",
            "slug": slug,
            "kind": "teaching_design",
            "subject": Subject.objects.get(name="数学").pk,
            "stage": Stage.objects.get(name="初中").pk,
            "summary": "摘要",
            "body": streamfield([("paragraph", rich_text("<p>正文</p>"))]),
            "attachments": inline_formset([]),
            "school": school.pk,
            "tags": "",
            "action-publish": "发布",
        }
    )


@pytest.mark.parametrize("role", ["school_trainer", "county_trainer", "city_editor", "province_editor", "teacher"])
def test_publish_on_a_new_work_keeps_it_out_of_public_view(world, client, role):
    client.force_login(getattr(world, role))
    slug = f"bypass-{role.replace('_', '-')}"
    client.post(f"/admin/pages/add/resources/generatedresourcepage/{world.library.pk}/", _new_work(slug, world.a1))
    page = GeneratedResourcePage.objects.filter(slug=slug).first()
    if page is not None:
        assert not page.live
        client.logout()
        assert client.get(page.url or f"/library/{slug}/").status_code == 404
    client.logout()
    assert "绕过审核的作品" not in client.get(world.library.url).content.decode()
    assert not GeneratedResourcePage.objects.visible_to_public().filter(slug=slug).exists()
    assert slug not in client.get("/sitemap.xml").content.decode()
    assert "绕过审核的作品" not in client.get("/search/", {"q": "绕过审核"}).content.decode()
    assert "绕过审核的作品" not in client.get("/api/search/", {"q": "绕过审核"}).content.decode("unicode_escape")
