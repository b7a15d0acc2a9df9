"""Recusal (回避), quotas (推优名额), withdrawal, required comments, notifications and the reviewer queue."""

import json
import re

import pytest

from django.core import mail

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from resources.review import services
from resources.review.models import (
    Decision,
    RecommendationQuota,
    RecommendationStatus,
    ReviewLevel,
    ReviewNotification,
    ReviewStatus,
)
from resources.review.scope import reviewers_for
from resources.review.selectors import review_queue
from tests.factories import UserFactory
from tests.review.conftest import at_level, current_task_state, make_work, published, submit

pytestmark = pytest.mark.django_db


# --- recusal ------------------------------------------------------------------------------
def test_trainer_never_reviews_own_work_and_another_trainer_of_the_school_does(world):
    w = world
    colleague = UserFactory(username="trainer_a1_b", role="school_trainer", role__school=w.a1)
    page = make_work(w, author=w.school_trainer)
    submit(page)
    assert reviewers_for(page=page, level=ReviewLevel.SCHOOL) == (ReviewLevel.SCHOOL, [colleague])
    with pytest.raises(services.ReviewError):
        services.resource_review_decide(task_state=current_task_state(page), user=w.school_trainer, action="approve")
    assert current_task_state(page).task.specific.get_actions(page, w.school_trainer) == []
    # Nor may the author publish around the review.
    assert not page.permissions_for_user(w.school_trainer).can_publish()
    services.resource_review_decide(task_state=current_task_state(page), user=colleague, action="approve")
    page.refresh_from_db()
    assert page.live


def test_with_nobody_left_in_the_school_review_goes_to_the_county_and_is_recorded(world):
    w = world
    page = make_work(w, author=w.school_trainer)
    submit(page)
    assert reviewers_for(page=page, level=ReviewLevel.SCHOOL) == (ReviewLevel.COUNTY, [w.county_trainer])
    assert ReviewNotification.objects.filter(recipient=w.county_trainer, page=page).exists()
    assert "转由县级审核" in page.review_decisions.get(decision=Decision.SUBMITTED).comment
    with pytest.raises(services.ReviewError):
        services.resource_review_decide(
            task_state=current_task_state(page), user=w.county_trainer_other, action="approve"
        )
    services.resource_review_decide(task_state=current_task_state(page), user=w.county_trainer, action="approve")
    page.refresh_from_db()
    assert page.live
    assert page.review_decisions.get(decision=Decision.APPROVED).level == ReviewLevel.COUNTY


def test_county_trainers_own_nomination_goes_to_the_city(world):
    w = world
    page = published(w, author=w.county_trainer, school=w.a1)
    services.recommendation_nominate(page=page, user=w.school_trainer)
    recommendation = page.recommendations.get()
    with pytest.raises(services.ReviewError):
        services.recommendation_decide(recommendation=recommendation, user=w.county_trainer, accept=True)
    assert reviewers_for(page=page, level=ReviewLevel.COUNTY) == (ReviewLevel.CITY, [w.city_editor])
    services.recommendation_decide(recommendation=recommendation, user=w.city_editor, accept=True)
    page.refresh_from_db()
    assert page.recommendation_level == 2
    assert page.review_decisions.get(decision=Decision.ACCEPTED).level == ReviewLevel.CITY


# --- comments -------------------------------------------------------------------------------
@pytest.mark.parametrize("action", ["reject", "refuse"])
def test_request_changes_and_reject_need_a_comment(world, client, action):
    w = world
    page = make_work(w)
    submit(page)
    with pytest.raises(services.ReviewError, match="必须填写"):
        services.resource_review_decide(
            task_state=current_task_state(page), user=w.school_trainer, action=action, comment=" "
        )
    client.force_login(w.school_trainer)
    state = current_task_state(page)
    # Wagtail's modal shows the form error and does nothing.
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/{action}/{state.pk}/",
        {"comment": ""},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert "请填写意见" in response.json()["html"]
    assert current_task_state(page).status == "in_progress"


def test_decline_and_withdraw_need_a_comment(world):
    w = world
    page = at_level(w, 1)
    with pytest.raises(services.ReviewError, match="必须填写"):
        services.recommendation_decide(recommendation=page.recommendations.get(), user=w.county_trainer, accept=False)
    with pytest.raises(services.ReviewError, match="必须填写"):
        services.recommendation_withdraw(recommendation=page.recommendations.get(), user=w.school_trainer, reason="")


# --- quotas ---------------------------------------------------------------------------------
def test_county_nomination_quota_per_school_and_year(world, client):
    w = world
    RecommendationQuota.objects.create(level=2, year=_this_year(), limit=2)
    first, second, third = (published(w, title=f"作品{i}") for i in range(3))
    services.recommendation_nominate(page=first, user=w.school_trainer)
    services.recommendation_nominate(page=second, user=w.school_trainer)
    with pytest.raises(services.ReviewError) as error:
        services.recommendation_nominate(page=third, user=w.school_trainer)
    assert "学校“岳麓一中”的县级优秀推荐名额已用完：每年最多 2 项，已推荐 2 项" in str(error.value)
    # Another school of the same county has its own quota.
    a2_work = make_work(w, author=UserFactory(username="teacher_a2", role="teacher", role__school=w.a2))
    submit(a2_work)
    services.resource_review_decide(
        task_state=current_task_state(a2_work), user=w.school_trainer_other, action="approve"
    )
    services.recommendation_nominate(page=a2_work, user=w.school_trainer_other)
    # Through the admin: the message is shown, nothing changes.
    client.force_login(w.school_trainer)
    response = client.post(f"/admin/review/page/{third.pk}/nominate/", {"comment": ""}, follow=True)
    assert "名额已用完" in response.content.decode()
    assert not third.recommendations.exists()
    # A withdrawn nomination frees its place.
    services.recommendation_withdraw(
        recommendation=first.recommendations.get(), user=w.school_trainer, reason="改推他作"
    )
    services.recommendation_nominate(page=third, user=w.school_trainer)


def test_regional_quota_overrides_the_general_one(world):
    w = world
    RecommendationQuota.objects.create(level=2, year=_this_year(), limit=5)
    RecommendationQuota.objects.create(level=2, year=_this_year(), region=w.yuelu, limit=1)
    RecommendationQuota.objects.create(level=2, year=_this_year() - 1, region=w.yuelu, limit=0)
    services.recommendation_nominate(page=published(w), user=w.school_trainer)
    with pytest.raises(services.ReviewError, match="每年最多 1 项"):
        services.recommendation_nominate(page=published(w), user=w.school_trainer)


def test_city_promotion_quota_counts_per_county(world):
    w = world
    RecommendationQuota.objects.create(level=3, year=_this_year(), limit=1)
    services.recommendation_promote(page=at_level(w, 2), user=w.city_editor)
    with pytest.raises(services.ReviewError, match="“湖南省/长沙市/岳麓区”的市级优秀推荐名额已用完"):
        services.recommendation_promote(page=at_level(w, 2), user=w.city_editor)


def test_quotas_are_managed_by_editors_only(world, client):
    w = world
    client.force_login(w.province_editor)
    assert client.get("/admin/snippets/resources/recommendationquota/").status_code == 200
    response = client.post(
        "/admin/snippets/resources/recommendationquota/add/", {"level": 2, "year": 2026, "region": "", "limit": 3}
    )
    assert response.status_code == 302 and RecommendationQuota.objects.filter(limit=3).exists()
    client.force_login(w.county_trainer)
    assert client.get("/admin/snippets/resources/recommendationquota/").status_code in (302, 403)


# --- withdrawal -----------------------------------------------------------------------------
def test_withdraw_only_the_top_step_keeps_the_work_published(world):
    w = world
    page = at_level(w, 3)
    county_step = page.recommendations.get(level=2)
    with pytest.raises(services.ReviewError, match="请先撤销更高级别"):
        services.recommendation_withdraw(recommendation=county_step, user=w.county_trainer, reason="材料问题")
    services.recommendation_withdraw(
        recommendation=page.recommendations.get(level=3), user=w.city_editor, reason="查重"
    )
    page.refresh_from_db()
    assert page.live and page.recommendation_level == 2
    services.recommendation_withdraw(recommendation=county_step, user=w.county_trainer, reason="材料问题")
    page.refresh_from_db()
    assert page.live and page.recommendation_level == 0
    assert set(page.recommendations.values_list("status", flat=True)) == {RecommendationStatus.WITHDRAWN}
    withdrawals = page.review_decisions.filter(decision=Decision.WITHDRAWN)
    assert [d.comment for d in withdrawals] == ["撤销市级优秀：查重", "撤销县级优秀：材料问题"]


def test_withdrawing_a_recommendation_takes_its_credits_back_in_the_ledger(world, django_capture_on_commit_callbacks):
    from decimal import Decimal

    from credits.models import CreditEntry
    from credits.selectors import credit_year_summaries

    w = world
    with django_capture_on_commit_callbacks(execute=True):
        page = at_level(w, 3)
    author = page.author
    earned = CreditEntry.objects.filter(teacher=author, source="recommended_work")
    assert sorted(e.amount for e in earned) == [Decimal("2.0"), Decimal("4.0")]  # 县级 ×1, 市级 ×2
    with django_capture_on_commit_callbacks(execute=True):
        services.recommendation_withdraw(
            recommendation=page.recommendations.get(level=3), user=w.city_editor, reason="查重"
        )
    reversal = CreditEntry.objects.get(teacher=author, amount__lt=0)
    assert reversal.amount == Decimal("-4.0") and reversal.verified_by == w.city_editor
    assert reversal.description.startswith("撤销：") and "市级优秀" in reversal.description
    this_year = credit_year_summaries(teacher=author)[0]
    assert this_year.total == Decimal("2.0")  # the 县级 credits stay, the 市级 ones are taken back
    with django_capture_on_commit_callbacks(execute=True):
        page.recommendations.get(level=3).save()  # saved again: still reversed once
    assert CreditEntry.objects.filter(teacher=author, amount__lt=0).count() == 1


# --- notifications --------------------------------------------------------------------------
def test_notifications_are_emailed_after_commit_only(world, django_capture_on_commit_callbacks):
    w = world
    page = make_work(w)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit(page)
    assert ReviewNotification.objects.filter(recipient=w.school_trainer).count() == 1
    assert not [m for m in mail.outbox if m.subject.startswith("【审核推优】")]
    for callback in callbacks:
        callback()
    sent = [m for m in mail.outbox if m.subject.startswith("【审核推优】")]
    assert [m.to for m in sent] == [[w.school_trainer.email]]
    assert "新的待审作品" in sent[0].subject and f"/admin/review/page/{page.pk}/" in sent[0].body


def test_inbox_shows_unread_count_and_marks_read(world, client):
    w = world
    page = make_work(w)
    submit(page)
    services.resource_review_decide(
        task_state=current_task_state(page), user=w.school_trainer, action="reject", comment="请补充板书设计。"
    )
    client.force_login(w.teacher)
    dashboard = client.get("/admin/").content.decode()
    assert "未读消息：1 条" in dashboard
    assert "站内消息（1 条未读）" in str(json.loads(_sidebar_props(dashboard)))
    html = client.get("/admin/review/inbox/").content.decode()
    assert "退回修改" in html and "请补充板书设计。" in html
    assert not ReviewNotification.objects.filter(recipient=w.teacher, read_at__isnull=True).exists()
    client.force_login(w.teacher_other)
    assert "请补充板书设计。" not in client.get("/admin/review/inbox/").content.decode()


# --- the reviewer queue ---------------------------------------------------------------------
def test_queue_lists_my_scope_oldest_first_with_filters(world, client):
    from datetime import timedelta

    from django.utils import timezone

    from wagtail.models import TaskState

    from home.models import Subject

    w = world
    old = make_work(w, title="早提交的作品")
    submit(old)
    TaskState.objects.filter(pk=current_task_state(old).pk).update(started_at=timezone.now() - timedelta(days=5))
    chinese = make_work(w, title="语文作品", subject=Subject.objects.get(name="语文"))
    submit(chinese)
    other_school = make_work(w, author=w.teacher_other, title="别校作品")
    submit(other_school)

    client.force_login(w.school_trainer)
    response = client.get("/admin/review/")
    items = response.context["items"]
    assert [i.page.title for i in items] == ["早提交的作品", "语文作品"]
    assert items[0].days_waiting == 5 and "5 天" in response.content.decode()
    math = Subject.objects.get(name="数学")
    assert [i.page.title for i in client.get(f"/admin/review/?subject={math.pk}").context["items"]] == ["早提交的作品"]
    assert client.get(f"/admin/review/?school={w.b1.pk}").context["items"] == []
    # The decision action in the queue publishes.
    client.post(f"/admin/review/page/{old.pk}/approve/", {"next": "queue"})
    old.refresh_from_db()
    assert old.live
    # County trainers see nominations of their county only.
    services.recommendation_nominate(page=old, user=w.school_trainer)
    client.force_login(w.county_trainer)
    steps = {(i.page.title, i.step) for i in client.get("/admin/review/").context["items"]}
    assert steps == {("早提交的作品", "county_review")}
    client.force_login(w.county_trainer_other)
    assert client.get("/admin/review/?step=county_review").context["items"] == []


def test_teacher_creates_and_submits_in_the_admin_as_author_of_their_school(world, client):
    from home.models import Stage, Subject
    from resources.models import GeneratedResourcePage

    w = world
    client.force_login(w.teacher)
    data = nested_form_data(
        {
            "title": "我的新教学设计",
            "slug": "my-new-design",
            "kind": "teaching_design",
            "subject": Subject.objects.get(name="数学").pk,
            "stage": Stage.objects.get(name="初中").pk,
            "summary": "摘要",
            "body": streamfield([("paragraph", rich_text("<p>正文</p>"))]),
            "attachments": inline_formset([]),
            "author": w.teacher_other.pk,  # ignored: the field is fixed for teachers
            "school": w.b1.pk,
            "tags": "",
            "action-submit": "提交审核",
        }
    )
    response = client.post(f"/admin/pages/add/resources/generatedresourcepage/{w.library.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = GeneratedResourcePage.objects.get(slug="my-new-design")
    assert (page.author, page.school, page.owner) == (w.teacher, w.a1, w.teacher)
    assert page.workflow_in_progress and page.review_status == ReviewStatus.IN_REVIEW
    assert ReviewNotification.objects.filter(recipient=w.school_trainer, page=page).exists()


def _this_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


def _sidebar_props(html: str) -> str:
    return re.search(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S).group(1)


def test_edits_to_a_recognised_work_are_reviewed_again_and_keep_its_level(world):
    """Review fields belong to the work: publishing a later revision keeps 县级优秀."""
    w = world
    page = at_level(w, 2)
    draft = page.get_latest_revision_as_object()
    draft.summary = "修订后的摘要"
    draft.save_revision(user=w.teacher)
    page.refresh_from_db()
    assert page.permissions_for_user(w.teacher).can_submit_for_moderation()
    submit(page, w.teacher)
    page.refresh_from_db()
    assert page.live and page.recommendation_level == 2  # the public version stays online meanwhile
    services.resource_review_decide(task_state=current_task_state(page), user=w.school_trainer, action="approve")
    page.refresh_from_db()
    assert page.summary == "修订后的摘要"
    assert page.recommendation_level == 2 and page.review_status == ReviewStatus.APPROVED


def test_my_works_lists_only_mine_with_their_status(world, client):
    w = world
    mine = make_work(w, title="我写的作品")
    submit(mine)
    make_work(w, author=w.teacher_same_school, title="同事的作品")
    client.force_login(w.teacher)
    html = client.get("/admin/review/mine/").content.decode()
    assert "我写的作品" in html and "校内审核中" in html and "同事的作品" not in html


def test_queue_offers_nominations_above_the_school_only_by_recusal(world):
    w = world
    published(w, title="有培训者的学校的作品")
    lonely = make_work(w, author=w.school_trainer_b, title="芙蓉一中培训者的作品")
    submit(lonely)
    services.resource_review_decide(
        task_state=current_task_state(lonely), user=w.county_trainer_other, action="approve"
    )
    steps = {(i.page.title, i.step) for i in review_queue(user=w.county_trainer_other)}
    assert steps == {("芙蓉一中培训者的作品", "nominate")}
    assert {i.page.title for i in review_queue(user=w.county_trainer)} == set()
