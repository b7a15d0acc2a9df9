"""参训评价: only participants evaluate, once each; bad input is refused in Chinese with nothing written."""

import pytest

from django.urls import reverse

from followup.models import EvaluationAnswer, EvaluationReceipt
from followup.services import FollowupError, evaluation

pytestmark = pytest.mark.django_db


def test_a_participant_evaluates_each_target_once(fw):
    teacher = fw.teachers[0]
    for kind, target_id in (("course", fw.course.pk), ("activity", fw.activity.pk), ("project", fw.project.pk)):
        evaluation.evaluation_submit(
            user=teacher, kind=kind, target_id=target_id, satisfaction=4, effectiveness=5, comment="很实用"
        )
        with pytest.raises(FollowupError, match="只能评价一次"):
            evaluation.evaluation_submit(user=teacher, kind=kind, target_id=target_id, satisfaction=1, effectiveness=1)
    assert EvaluationReceipt.objects.filter(user=teacher).count() == 3
    assert EvaluationAnswer.objects.count() == 3
    assert set(EvaluationAnswer.objects.values_list("satisfaction", flat=True)) == {4}


@pytest.mark.parametrize("kind", ["course", "activity", "project"])
def test_someone_who_did_not_take_part_cannot_evaluate(fw, kind):
    target_id = {"course": fw.course.pk, "activity": fw.activity.pk, "project": fw.project.pk}[kind]
    with pytest.raises(FollowupError, match="只有参训者可以评价"):
        evaluation.evaluation_submit(
            user=fw.w.teacher_other, kind=kind, target_id=target_id, satisfaction=5, effectiveness=5
        )
    assert not EvaluationAnswer.objects.exists() and not EvaluationReceipt.objects.exists()


def test_an_activity_that_has_not_begun_is_not_evaluated_yet(fw):
    teacher = fw.teachers[0]
    pending = {(t.kind, t.id) for t in evaluation.pending_targets(user=teacher)}
    assert ("activity", fw.activity.pk) in pending
    assert ("activity", fw.future.pk) not in pending
    with pytest.raises(FollowupError):
        evaluation.evaluation_submit(
            user=teacher, kind="activity", target_id=fw.future.pk, satisfaction=5, effectiveness=5
        )


@pytest.mark.parametrize(
    ("satisfaction", "effectiveness", "message"),
    [(0, 3, "满意度"), (6, 3, "满意度"), ("abc", 3, "满意度"), (3, None, "有效性"), (3, "9", "有效性")],
)
def test_scores_outside_one_to_five_are_refused_and_nothing_is_written(fw, satisfaction, effectiveness, message):
    with pytest.raises(FollowupError, match=message):
        evaluation.evaluation_submit(
            user=fw.teachers[0],
            kind="project",
            target_id=fw.project.pk,
            satisfaction=satisfaction,
            effectiveness=effectiveness,
        )
    assert not EvaluationReceipt.objects.exists() and not EvaluationAnswer.objects.exists()


def test_the_teacher_finds_pending_items_and_evaluates_in_the_portal(client, fw):
    teacher = fw.teachers[1]
    client.force_login(teacher)
    page = client.get(reverse("followup:mine")).content.decode()
    assert "待评价" in page and fw.project.name in page and fw.course.title in page and fw.activity.title in page
    url = reverse("followup:evaluate", args=["course", fw.course.pk])
    form = client.get(url).content.decode()
    assert "非常满意" in form and "非常有效" in form
    response = client.post(url, {"satisfaction": "5", "effectiveness": "4", "comment": "案例丰富"})
    assert response.status_code == 302
    page = client.get(reverse("followup:mine")).content.decode()
    assert fw.course.title not in page.split('id="tasks"')[0]
    assert "你已经评价过了" in client.get(url).content.decode()


def test_a_bad_post_shows_a_chinese_error_and_writes_nothing(client, fw):
    client.force_login(fw.teachers[1])
    url = reverse("followup:evaluate", args=["project", fw.project.pk])
    response = client.post(url, {"satisfaction": "7", "effectiveness": "x"})
    assert response.status_code == 400
    assert "选择一个有效的选项" in response.content.decode() or "有效" in response.content.decode()
    assert not EvaluationAnswer.objects.exists()


def test_the_evaluation_page_of_something_one_did_not_attend_is_not_found(client, fw):
    client.force_login(fw.w.teacher_other)
    assert client.get(reverse("followup:evaluate", args=["project", fw.project.pk])).status_code == 404
    assert client.get(reverse("followup:evaluate", args=["nothing", fw.project.pk])).status_code == 404
    assert client.get(reverse("followup:evaluate", args=["project", 10**30])).status_code == 404
