"""The whole path of a work, school → province, through the services and Wagtail's workflow."""

import pytest

from django.core import mail

from wagtail.models import PageLogEntry

from resources.review import services
from resources.review.models import Decision, ReviewLevel, ReviewNotification, ReviewStatus
from tests.review.conftest import current_task_state, make_work, submit

pytestmark = pytest.mark.django_db


def test_full_run_school_to_province_publishes_and_records_every_decision(
    world, client, django_capture_on_commit_callbacks
):
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        page = run_to_province(w)
    assert_history_complete(w, page, client)


def run_to_province(w):
    page = make_work(w)
    submit(page)
    page.refresh_from_db()
    assert page.review_status == ReviewStatus.IN_REVIEW and not page.live

    services.resource_review_decide(
        task_state=current_task_state(page), user=w.school_trainer, action="reject", comment="请补充教学反思。"
    )
    page.refresh_from_db()
    assert page.review_status == ReviewStatus.CHANGES_REQUESTED and not page.live

    page.get_latest_revision_as_object().save_revision(user=w.teacher)
    page.refresh_from_db()
    page.current_workflow_state.resume(user=w.teacher)
    services.resource_review_decide(task_state=current_task_state(page), user=w.school_trainer, action="approve")
    page.refresh_from_db()
    assert page.live and page.review_status == ReviewStatus.APPROVED
    publish_log = PageLogEntry.objects.filter(page=page, action="wagtail.publish").get()
    assert publish_log.user == w.school_trainer  # Wagtail published it as the approving reviewer

    services.recommendation_nominate(page=page, user=w.school_trainer, reason="课例完整")
    services.recommendation_decide(recommendation=page.recommendations.get(), user=w.county_trainer, accept=True)
    services.recommendation_promote(page=page, user=w.city_editor, comment="结构清晰")
    services.recommendation_promote(page=page, user=w.province_editor)
    page.refresh_from_db()
    assert page.recommendation_level == 4
    return page


def assert_history_complete(w, page, client):
    history = list(page.review_decisions.values_list("decision", "level", "actor__username"))
    assert history == [
        (Decision.SUBMITTED, ReviewLevel.SCHOOL, "teacher_a"),
        (Decision.CHANGES_REQUESTED, ReviewLevel.SCHOOL, "trainer_a1"),
        (Decision.SUBMITTED, ReviewLevel.SCHOOL, "teacher_a"),
        (Decision.APPROVED, ReviewLevel.SCHOOL, "trainer_a1"),
        (Decision.NOMINATED, ReviewLevel.SCHOOL, "trainer_a1"),
        (Decision.ACCEPTED, ReviewLevel.COUNTY, "county_yuelu"),
        (Decision.PROMOTED, ReviewLevel.CITY, "editor_changsha"),
        (Decision.PROMOTED, ReviewLevel.PROVINCE, "editor_hunan"),
    ]
    assert page.review_decisions.get(decision=Decision.CHANGES_REQUESTED).comment == "请补充教学反思。"
    assert all(d.created_at for d in page.review_decisions.all())

    # The author was told of every decision, in the inbox and by email.
    author_messages = ReviewNotification.objects.filter(recipient=w.teacher, category="review")
    assert author_messages.count() == 6
    # …and of each recommendation credit (县级, 市级, 省级) as it reached the credit bank.
    assert ReviewNotification.objects.filter(recipient=w.teacher, category="credit").count() == 3
    assert all(n.emailed_at for n in author_messages)
    review_mails = [m for m in mail.outbox if m.subject.startswith("【审核推优】") and m.to == [w.teacher.email]]
    assert len(review_mails) == 6
    # Reviewers were told of new items in their queue.
    assert ReviewNotification.objects.filter(recipient=w.school_trainer, subject__contains="新的待审作品").count() == 2
    assert ReviewNotification.objects.filter(recipient=w.county_trainer, subject__contains="县级推优申请").count() == 1
    assert ReviewNotification.objects.filter(recipient=w.city_editor, subject__contains="可评为市级优秀").count() == 1
    assert (
        ReviewNotification.objects.filter(recipient=w.province_editor, subject__contains="可评为省级优秀").count() == 1
    )
    assert not ReviewNotification.objects.filter(recipient__in=[w.city_editor_other, w.county_trainer_other]).exists()

    # The author and a reviewer see the full history in the admin; a teacher of another school does not.
    for user in (w.teacher, w.county_trainer):
        client.force_login(user)
        response = client.get(f"/admin/review/page/{page.pk}/")
        assert response.status_code == 200
        html = response.content.decode()
        assert "请补充教学反思。" in html and "评为县级优秀" in html and "editor_hunan" in html
    client.force_login(w.teacher_other)
    assert client.get(f"/admin/review/page/{page.pk}/").status_code in (302, 403)


def test_only_the_portals_own_chinese_mail_goes_out(world, django_capture_on_commit_callbacks):
    """Wagtail's own workflow mails (English subjects, to every superuser) are held off:
    the review services already notify authors and reviewers."""
    from tests.factories import UserFactory

    UserFactory(is_superuser=True, email="root@example.cn")
    with django_capture_on_commit_callbacks(execute=True):
        run_to_province(world)
    assert mail.outbox
    portal = ("【审核推优】", "【学分】", "【工作坊】", "【课程】")
    assert all(m.subject.startswith(portal) for m in mail.outbox), [m.subject for m in mail.outbox]
    assert not any("root@example.cn" in m.to for m in mail.outbox)
