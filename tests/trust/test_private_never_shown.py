"""Nobody sees what they may not see: every URL the resolver knows, as every outsider role.

Private material (a draft, a work in school review, a returned and a refused work, an
unpublished work, a password-restricted work, a draft's attachment and cover image) carries
marker titles. Each URL pattern is requested with the ids of that material filled in, as
anonymous visitors and as users outside its school and region; no response may show a
marker, and none may be a server error.
"""

from __future__ import annotations

import pytest

from django.test import Client

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from resources.review.models import ReviewStatus
from tests.factories import DocumentFactory, attach
from tests.review.conftest import current_task_state, make_work, published, submit
from tests.review.conftest import world as world  # noqa: F401  (the fixture)
from tests.trust.url_walk import Candidates, concrete_urls, visible_text

OUTSIDERS = (
    None,  # anonymous
    "teacher_other",
    "teacher_same_school",
    "school_trainer_other",
    "county_trainer_other",
    "city_editor_other",
    "province_editor_other",
)


@pytest.fixture
def private_material(world):
    from resources.review import services

    w = world
    draft = make_work(w, title="私密标记草稿甲")
    in_review = make_work(w, title="私密标记审核中乙")
    submit(in_review)
    returned = make_work(w, title="私密标记退回丙")
    submit(returned)
    services.resource_review_decide(
        task_state=current_task_state(returned), user=w.school_trainer, action="reject", comment="请补充反思"
    )
    refused = make_work(w, title="私密标记未通过丁")
    submit(refused)
    services.resource_review_decide(
        task_state=current_task_state(refused), user=w.school_trainer, action="refuse", comment="与主题无关"
    )
    unpublished = published(w, title="私密标记已撤下戊")
    unpublished.unpublish()
    restricted = published(w, title="私密标记受限己")
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="x")
    document = DocumentFactory(title="私密标记附件庚", uploaded_by_user=w.teacher)
    attach(draft, document)
    image = get_image_model().objects.create(
        title="私密标记封面辛", file=get_test_image_file(), uploaded_by_user=w.teacher
    )
    draft.cover_image = image
    draft.save_revision(user=w.teacher)
    type(draft).objects.filter(pk=draft.pk).update(cover_image=image)
    pages = [draft, in_review, returned, refused, unpublished, restricted]
    for page in pages:
        page.refresh_from_db()
    assert refused.review_status == ReviewStatus.REJECTED
    markers = [p.title for p in pages] + [document.title, image.title]
    candidates = Candidates(
        pages=[p.pk for p in pages],
        documents=[document.pk],
        images=[image.pk],
        page_urls=[p.url or f"/library/{p.slug}/" for p in pages],
    )
    return markers, candidates


@pytest.mark.parametrize("role", OUTSIDERS)
def test_no_url_shows_private_material_to_an_outsider(world, private_material, role):
    markers, candidates = private_material
    client = Client(raise_request_exception=False)
    if role:
        client.force_login(getattr(world, role))
    leaks, errors = [], []
    for url in concrete_urls(candidates):
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{response.status_code} {url}")
            continue
        text = visible_text(response)
        shown = [m for m in markers if m in text]
        if shown:
            leaks.append(f"{url}: {', '.join(shown)}")
    assert errors == [], "server errors:\n" + "\n".join(errors)
    assert leaks == [], "private material shown:\n" + "\n".join(leaks)
