"""Finding: a page edit POST missing its StreamField counts was a 500; now a 400 that saves nothing."""

from tests.review.conftest import make_work
from tests.review.conftest import world as world  # noqa: F401  (the fixture)


def test_an_edit_post_without_the_streamfield_count_is_a_chinese_400_and_changes_nothing(world, client):
    page = make_work(world, title="原来的标题")
    client.force_login(world.teacher)
    data = {
        "title": "被截断的提交",
        "slug": page.slug,
        "kind": "teaching_design",
        "summary": "摘要",
        "subject": page.subject_id,
        "stage": page.stage_id,
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "tags": "",
    }
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 400
    assert "提交的表单不完整" in response.content.decode()
    page.refresh_from_db()
    assert page.title == "原来的标题"
    assert page.get_latest_revision_as_object().title == "原来的标题"
