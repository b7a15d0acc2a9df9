"""The document chooser: a teacher searches their own documents, never sees others' private ones.

(Titles are space-separated: Wagtail's own admin search on SQLite does not segment Chinese.)
"""

from tests.factories import DocumentFactory, GeneratedResourcePageFactory, attach


def _titles(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


def test_teacher_searches_the_document_chooser_and_sees_mine_and_public_ones(world, client):
    w = world
    mine = DocumentFactory(title="勾股定理 我的教案", uploaded_by_user=w.teacher)
    theirs_private = DocumentFactory(title="勾股定理 同事未公开的教案", uploaded_by_user=w.teacher_same_school)
    public_page = GeneratedResourcePageFactory(parent=w.library, live=True, school=w.a1)
    theirs_public = attach(
        public_page, DocumentFactory(title="勾股定理 已公开的教案", uploaded_by_user=w.teacher_other)
    )
    client.force_login(w.teacher)
    for url in ("/admin/documents/chooser/?q=勾股定理", "/admin/documents/chooser/results/?q=勾股定理"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = _titles(response)
        assert mine.title in html and theirs_public.document.title in html
        assert theirs_private.title not in html
    listing = _titles(client.get("/admin/documents/chooser/"))
    assert mine.title in listing and theirs_private.title not in listing


def test_a_teacher_cannot_attach_a_colleagues_document_by_posting_its_id(world, client):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    from home.models import Stage, Subject
    from resources.models import GeneratedResourcePage

    w = world
    private = DocumentFactory(title="同事的私人文件", uploaded_by_user=w.teacher_same_school)
    mine = DocumentFactory(title="我自己的文件", uploaded_by_user=w.teacher)

    def post(slug, document):
        data = nested_form_data(
            {
                "title": "附件测试",
                "slug": slug,
                "kind": "teaching_design",
                "subject": Subject.objects.get(name="数学").pk,
                "stage": Stage.objects.get(name="初中").pk,
                "summary": "摘要",
                "body": streamfield([("paragraph", rich_text("<p>正文</p>"))]),
                "attachments": inline_formset([{"document": document.pk, "title": ""}]),
                "tags": "",
            }
        )
        return client.post(f"/admin/pages/add/resources/generatedresourcepage/{w.library.pk}/", data)

    client.force_login(w.teacher)
    refused = post("with-private", private)
    assert refused.status_code == 200
    assert "只能附加您自己上传的文件" in refused.content.decode()
    assert not GeneratedResourcePage.objects.filter(slug="with-private").exists()
    assert post("with-mine", mine).status_code == 302
    assert [a.document_id for a in GeneratedResourcePage.objects.get(slug="with-mine").attachments.all()] == [mine.pk]


def test_chosen_usage_and_admin_api_do_not_reveal_a_colleagues_private_document(world, client):
    w = world
    private = DocumentFactory(title="同事的私人文件", uploaded_by_user=w.teacher_same_school)
    client.force_login(w.teacher)
    for url in (
        f"/admin/documents/chooser/chosen/{private.pk}/",
        f"/admin/documents/usage/{private.pk}/",
        f"/admin/documents/edit/{private.pk}/",
        f"/admin/api/main/documents/{private.pk}/",
        "/admin/api/main/documents/",
        f"/admin/documents/chooser/chosen-multiple/?id={private.pk}",
    ):
        response = client.get(url)
        assert response.status_code < 500, url
        assert private.title not in _titles_any(response), url


def _titles_any(response) -> str:
    if response.status_code in (302, 403, 404):
        return ""
    if response["Content-Type"].startswith("application/json"):
        import json

        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def test_image_chooser_and_admin_api_show_my_images_and_public_covers_only(world, client):
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    w = world
    Image = get_image_model()
    mine = Image.objects.create(title="我的课堂照片", file=get_test_image_file(), uploaded_by_user=w.teacher)
    private = Image.objects.create(
        title="同事的草稿封面", file=get_test_image_file(), uploaded_by_user=w.teacher_same_school
    )
    cover = Image.objects.create(title="公开作品封面", file=get_test_image_file(), uploaded_by_user=w.teacher_other)
    GeneratedResourcePageFactory(parent=w.library, live=True, school=w.a1, cover_image=cover)
    GeneratedResourcePageFactory(parent=w.library, live=False, school=w.a1, cover_image=private)
    client.force_login(w.teacher)
    for url in ("/admin/images/chooser/", "/admin/api/main/images/", f"/admin/images/chooser/chosen/{private.pk}/"):
        response = client.get(url)
        assert response.status_code < 500, url
        seen = _titles_any(response)
        assert private.title not in seen, url
        if "chosen" not in url:
            assert mine.title in seen and cover.title in seen, url
