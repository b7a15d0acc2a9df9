"""Drafts, works in review, rejected works and declined nominations are never shown to the public
or to other schools' teachers: not as pages, in listings, in the admin, nor as attachment downloads."""

import pytest

from resources.review import services
from tests.factories import attach
from tests.review.conftest import at_level, current_task_state, make_work, published, submit

pytestmark = pytest.mark.django_db


def hidden_works(w):
    draft = make_work(w, title="草稿作品")
    in_review = make_work(w, title="审核中作品")
    submit(in_review)
    rejected = make_work(w, title="未通过作品")
    submit(rejected)
    services.resource_review_decide(
        task_state=current_task_state(rejected), user=w.school_trainer, action="refuse", comment="与主题无关。"
    )
    changes = make_work(w, title="退回修改作品")
    submit(changes)
    services.resource_review_decide(
        task_state=current_task_state(changes), user=w.school_trainer, action="reject", comment="请补充反思。"
    )
    return [draft, in_review, rejected, changes]


@pytest.mark.parametrize("viewer", ["anonymous", "teacher_other", "teacher_same_school", "school_trainer_b"])
def test_unpublished_works_are_invisible_to_outsiders(world, client, viewer):
    w = world
    works = hidden_works(w)
    documents = [attach(page).document for page in works]
    if viewer != "anonymous":
        client.force_login(getattr(w, viewer))
    listing = client.get(w.library.url).content.decode() + client.get("/").content.decode()
    explorer = ""
    if viewer != "anonymous":
        explorer = client.get(f"/admin/pages/{w.library.pk}/").content.decode()
        explorer += client.get("/admin/pages/search/?q=作品").content.decode()
        explorer += client.get("/admin/api/main/pages/?child_of=%d" % w.library.pk).content.decode()
    for page, document in zip(works, documents, strict=True):
        page.refresh_from_db()
        assert not page.live
        assert client.get(page.url or f"/library/{page.slug}/").status_code == 404
        assert page.title not in listing
        assert page.title not in explorer
        assert client.get(f"/admin/pages/{page.pk}/view_draft/").status_code in (302, 403)
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code in (302, 403)
        assert client.get(f"/admin/review/page/{page.pk}/").status_code in (302, 403)
        assert client.get(document.url).status_code == 404


@pytest.mark.parametrize("viewer", ["teacher", "school_trainer", "county_trainer"])
def test_author_and_reviewers_can_open_unpublished_works_and_their_attachments(world, client, viewer):
    w = world
    page = make_work(w, title="审核中作品")
    submit(page)
    document = attach(page).document
    client.force_login(getattr(w, viewer))
    assert client.get(f"/admin/pages/{page.pk}/view_draft/").status_code == 200
    assert client.get(document.url).status_code == 200
    assert "审核中作品" in client.get(f"/admin/pages/{w.library.pk}/").content.decode()
    assert "审核中作品" in client.get("/admin/pages/search/?q=审核中").content.decode()


def test_rejected_work_stays_readable_to_its_author_but_cannot_be_resubmitted(world, client):
    w = world
    page = hidden_works(w)[2]
    page.refresh_from_db()
    perms = page.permissions_for_user(w.teacher)
    assert perms.can_edit() and not perms.can_submit_for_moderation() and not perms.can_publish()
    client.force_login(w.teacher)
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200 and 'name="action-submit"' not in response.content.decode()
    assert "与主题无关。" in client.get(f"/admin/review/page/{page.pk}/").content.decode()


def test_declined_nomination_leaves_no_trace_in_public(world, client):
    w = world
    page = at_level(w, 1, title="被婉拒的推荐")
    services.recommendation_decide(
        recommendation=page.recommendations.get(), user=w.county_trainer, accept=False, comment="创新性不足，暂不推优。"
    )
    page.refresh_from_db()
    assert page.live and page.recommendation_level == 0
    html = client.get(page.url).content.decode()
    assert "县级优秀" not in html and "校级推荐" not in html and "创新性不足" not in html
    assert "被婉拒的推荐" not in client.get(f"{w.library.url}?level=1").content.decode()
    assert "被婉拒的推荐" not in client.get(f"{w.library.url}county/{w.yuelu.pk}/").content.decode()
    client.force_login(w.teacher_other)
    assert client.get(f"/admin/review/page/{page.pk}/").status_code in (302, 403)


def test_badge_level_filter_and_county_library(world, client):
    w = world
    excellent = at_level(w, 2, title="县级优秀作品")
    provincial = at_level(w, 4, title="省级优秀作品")
    published(w, title="普通作品")
    furong_work = make_work(w, author=w.teacher_other, title="芙蓉区作品")
    submit(furong_work)
    services.resource_review_decide(
        task_state=current_task_state(furong_work), user=w.school_trainer_b, action="approve"
    )
    services.recommendation_nominate(page=furong_work, user=w.school_trainer_b)
    services.recommendation_decide(
        recommendation=furong_work.recommendations.get(), user=w.county_trainer_other, accept=True
    )

    assert "县级优秀" in client.get(excellent.url).content.decode()
    # The work's page links to its county library (found by clicking, not by guessing ids).
    assert f'href="{w.library.url}county/{w.yuelu.pk}/">岳麓区资源库</a>' in client.get(excellent.url).content.decode()
    assert "省级优秀" in client.get(provincial.url).content.decode()
    level_listing = client.get(f"{w.library.url}?level=2").content.decode()
    assert "县级优秀作品" in level_listing and "省级优秀作品" in level_listing and "普通作品" not in level_listing

    response = client.get(f"{w.library.url}county/{w.yuelu.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "岳麓区资源库" in html
    assert "县级优秀作品" in html and "省级优秀作品" in html and "普通作品" not in html and "芙蓉区作品" not in html
    assert [r.title for r in client.get(f"{w.library.url}county/{w.furong.pk}/").context["resources"]] == ["芙蓉区作品"]
    assert client.get(f"{w.library.url}county/{w.changsha.pk}/").status_code == 404


@pytest.mark.parametrize("viewer", ["teacher_same_school", "teacher", "school_trainer"])
def test_admin_page_search_answers_and_never_lists_others_drafts(world, client, viewer):
    w = world
    make_work(w, title="同事的草稿：教学设计")
    published(w, title="已发布的教学设计")
    client.force_login(getattr(w, viewer))
    for url in ("/admin/choose-page/search/?q=教学设计", "/admin/api/main/pages/?search=教学设计"):
        response = client.get(url)
        assert response.status_code == 200, url
        if viewer == "teacher_same_school":
            assert "同事的草稿" not in response.content.decode(), url


def test_explorer_of_someone_elses_draft_is_refused(world, client):
    w = world
    draft = make_work(w, title="同事的草稿：圆的面积")
    client.force_login(w.teacher_same_school)
    response = client.get(f"/admin/pages/{draft.pk}/", follow=True)
    assert "同事的草稿：圆的面积" not in response.content.decode()
    client.force_login(w.teacher)
    assert "同事的草稿：圆的面积" in client.get(f"/admin/pages/{draft.pk}/").content.decode()


def test_anonymous_listings_show_a_withdrawn_level_at_once(world, client, django_capture_on_commit_callbacks):
    from django.core.cache import cache
    from django.test import override_settings

    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "review-cache"}}
    w = world
    page = at_level(w, 4, title="省级优秀作品")
    url = f"{w.library.url}?level=4"
    with override_settings(CACHES=locmem, PAGE_CACHE_SECONDS=300):
        cache.clear()
        assert "省级优秀作品" in client.get(url).content.decode()
        assert client.get(url)["X-Page-Cache"] == "HIT"  # anonymous listing served from the cache
        with django_capture_on_commit_callbacks(execute=True):
            services.recommendation_withdraw(
                recommendation=page.recommendations.get(level=4), user=w.province_editor, reason="查重"
            )
        assert "省级优秀作品" not in client.get(url).content.decode()
        cache.clear()
