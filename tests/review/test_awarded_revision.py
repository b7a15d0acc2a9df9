"""Finding: an award survived content replacement.

A 省级优秀 work whose author replaced the content and had it re-approved by the school kept
its badge on the new content, and no upper level was told. Now decisions name the revision
they judged, a substantive change suspends the public badge until the granting level
confirms it (or the author publishes the awarded revision again), and the history shows the
awarded version.
"""

from wagtail.rich_text import RichText

from resources.review import services
from resources.review.models import Decision, ReviewNotification

from .conftest import at_level, current_task_state, submit


def _replace_content_and_get_it_approved(w, page, *, body="<p>完全不同的新内容</p>"):
    page.refresh_from_db()
    draft = page.get_latest_revision_as_object()
    draft.body = [("paragraph", RichText(body))]
    draft.save_revision(user=w.teacher)
    submit(page, w.teacher)
    services.resource_review_decide(task_state=current_task_state(page), user=w.school_trainer, action="approve")
    page.refresh_from_db()
    return page


def _badge_shown(client, w, page) -> bool:
    client.logout()
    listing = client.get(w.library.url, {"level": 4}).content.decode()
    return page.title in listing


def test_replacing_an_awarded_work_suspends_its_badge_and_tells_the_granting_level(world, client):
    w = world
    page = at_level(w, 4, title="《勾股定理》获奖原作甲")
    awarded = page.live_revision_id
    assert _badge_shown(client, w, page)

    page = _replace_content_and_get_it_approved(w, page)
    assert page.live_revision_id != awarded
    assert page.recommendation_level == 0 and page.award_suspended_level == 4
    assert not _badge_shown(client, w, page)
    assert '<span class="badge level">' not in client.get(page.url).content.decode()
    suspended = page.review_decisions.get(decision=Decision.AWARD_SUSPENDED)
    assert suspended.revision_id == page.live_revision_id
    assert ReviewNotification.objects.filter(recipient=w.province_editor, page=page, subject__contains="复核").exists()
    # Nobody promotes or withdraws around the pending 复核.
    client.force_login(w.city_editor)
    detail = client.get(f"/admin/review/page/{page.pk}/").content.decode()
    assert f"第 {awarded} 号（获奖版本）" in detail
    assert "复核：修改后保留" not in detail  # the city did not grant 省级

    client.force_login(w.province_editor)
    assert "复核：修改后保留省级优秀" in client.get(f"/admin/review/page/{page.pk}/").content.decode()
    client.post(f"/admin/review/page/{page.pk}/confirm_award/", {"comment": "新内容同样优秀"})
    page.refresh_from_db()
    assert page.recommendation_level == 4 and page.award_suspended_level is None
    assert page.recommendations.get(level=4).revision_id == page.live_revision_id
    assert _badge_shown(client, w, page)


def test_publishing_the_awarded_revision_again_restores_the_badge(world, client):
    w = world
    page = at_level(w, 2, title="《勾股定理》获奖原作乙")
    awarded = page.live_revision
    page = _replace_content_and_get_it_approved(w, page)
    assert page.award_suspended_level == 2 and page.recommendation_level == 0
    awarded.publish(user=w.school_trainer)
    page.refresh_from_db()
    assert page.recommendation_level == 2 and page.award_suspended_level is None
    assert page.review_decisions.filter(decision=Decision.AWARD_CONFIRMED).exists()


def test_a_change_that_keeps_the_content_keeps_the_badge(world):
    w = world
    page = at_level(w, 3, title="《勾股定理》获奖原作丙")
    page.refresh_from_db()
    page.get_latest_revision_as_object().save_revision(user=w.teacher).publish(user=w.school_trainer)
    page.refresh_from_db()
    assert page.recommendation_level == 3 and page.award_suspended_level is None
