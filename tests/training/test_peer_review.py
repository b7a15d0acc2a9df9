"""Assignments with peer review: allocation edge cases, late work, lapsed peers, scores, overrides."""

from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from training import services
from training.models import PeerReview, Submission

from . import factories as f

pytestmark = pytest.mark.django_db


def world(n_submitters: int, *, peers: int = 3):
    trainer = f.teacher("county_yuelu", role="county_trainer")
    course = f.course(trainers=[trainer])
    module = f.module(course)
    assignment = f.assignment(module, peers=peers, deadline_in_days=-1)
    teachers = [f.teacher(f"t{i}") for i in range(n_submitters)]
    before = timezone.now() - timedelta(days=2)
    for t in teachers:
        services.course_enrol(course=course, teacher=t)
        services.submission_submit(
            assignment=assignment, teacher=t, text=f"{t.username} 的作业", uploaded=None, now=before
        )
    return trainer, course, module, assignment, teachers


def scores(assignment, value="8"):
    return {block.id: value for block in assignment.rubric}


def test_allocation_is_balanced_and_never_self():
    _, _, _, assignment, teachers = world(7, peers=3)
    round_ = services.assignment_allocate(assignment=assignment)
    assert round_.peers == 3 and round_.note == ""
    reviews = PeerReview.objects.filter(submission__assignment=assignment)
    assert Counter(r.submission_id for r in reviews) == {s.pk: 3 for s in assignment.submissions.all()}
    assert set(Counter(r.reviewer_id for r in reviews).values()) == {3}
    assert not any(r.reviewer_id == r.submission.teacher_id for r in reviews)
    assert services.assignment_allocate(assignment=assignment).pk == round_.pk  # only once
    assert reviews.count() == 21


def test_too_few_submissions_reduce_peers_or_leave_it_to_the_trainer():
    _, _, _, two, _ = world(2, peers=3)
    round_ = services.assignment_allocate(assignment=two)
    assert round_.peers == 1 and "每份改为由 1 位同伴互评" in round_.note
    assert PeerReview.objects.filter(submission__assignment=two).count() == 2

    PeerReview.objects.all().delete()
    _, course, module, assignment, _ = world(0, peers=3)
    alone = f.teacher("alone")
    services.submission_submit(assignment=assignment, teacher=alone, text="唯一一份", uploaded=None)
    round_ = services.assignment_allocate(assignment=assignment)
    assert round_.peers == 0 and "无法同伴互评" in round_.note
    assert not PeerReview.objects.filter(submission__assignment=assignment).exists()


def test_nothing_submitted_allocates_nothing():
    _, _, _, assignment, _ = world(0)
    assert services.assignment_allocate(assignment=assignment).peers == 0


def test_late_submission_gets_peers_and_reviews_others():
    _, course, _, assignment, teachers = world(5, peers=3)
    services.assignment_allocate(assignment=assignment)
    late = f.teacher("late")
    submission = services.submission_submit(assignment=assignment, teacher=late, text="迟交的作业", uploaded=None)
    assert submission.is_late
    assert submission.reviews.count() == 3
    assert PeerReview.objects.filter(reviewer=late).count() == 3
    assert not PeerReview.objects.filter(reviewer=late, submission=submission).exists()


def test_work_cannot_change_after_allocation_nor_arrive_after_review_deadline():
    _, _, _, assignment, teachers = world(3)
    services.assignment_allocate(assignment=assignment)
    with pytest.raises(services.TrainingError, match="不能再修改"):
        services.submission_submit(assignment=assignment, teacher=teachers[0], text="改一下", uploaded=None)
    with pytest.raises(services.TrainingError, match="互评已经结束"):
        services.submission_submit(
            assignment=assignment,
            teacher=f.teacher("very_late"),
            text="太迟了",
            uploaded=None,
            now=assignment.review_deadline + timedelta(minutes=1),
        )


def test_lapsed_reviewers_are_replaced_by_reliable_peers():
    _, _, _, assignment, teachers = world(5, peers=2)
    services.assignment_allocate(assignment=assignment)
    lazy = teachers[0]
    for review in PeerReview.objects.exclude(reviewer=lazy):
        services.peer_review_submit(
            review=review, reviewer=review.reviewer, scores=scores(assignment), comment="结构清楚，目标明确。"
        )
    later = assignment.review_deadline + timedelta(hours=1)
    moved = services.assignment_reallocate_overdue(assignment=assignment, now=later)
    assert moved == 2
    assert PeerReview.objects.filter(reviewer=lazy, status=PeerReview.Status.EXPIRED).count() == 2
    for submission in assignment.submissions.exclude(teacher=lazy):
        active = submission.reviews.exclude(status=PeerReview.Status.EXPIRED)
        assert active.count() == 2
        assert lazy.pk not in active.values_list("reviewer_id", flat=True)
    assert services.assignment_reallocate_overdue(assignment=assignment, now=later) == 0  # new ones are not yet due


def test_final_score_is_the_mean_of_done_reviews_and_trainer_may_override():
    trainer, _, _, assignment, teachers = world(4, peers=3)
    services.assignment_allocate(assignment=assignment)
    submission = Submission.objects.get(teacher=teachers[0], assignment=assignment)
    reviews = list(submission.reviews.all())
    services.peer_review_submit(
        review=reviews[0], reviewer=reviews[0].reviewer, scores=scores(assignment, "10"), comment="非常完整的设计。"
    )
    services.peer_review_submit(
        review=reviews[1], reviewer=reviews[1].reviewer, scores=scores(assignment, "5"), comment="活动还需细化。"
    )
    submission.refresh_from_db()
    assert submission.peer_score == Decimal("15.0")  # (20 + 10) / 2
    with pytest.raises(services.TrainingError, match="0 到 10"):
        services.peer_review_submit(
            review=reviews[2], reviewer=reviews[2].reviewer, scores=scores(assignment, "11"), comment="超出满分了。"
        )
    with pytest.raises(services.TrainingError, match="不是分配给你的"):
        services.peer_review_submit(
            review=reviews[2], reviewer=teachers[0], scores=scores(assignment), comment="评自己的。"
        )
    with pytest.raises(services.TrainingError, match="只有本课程的培训者"):
        services.submission_override(submission=submission, trainer=teachers[1], score=Decimal("18"), comment="改判")
    services.submission_override(submission=submission, trainer=trainer, score=Decimal("18"), comment="评价设计较好")
    submission.refresh_from_db()
    assert submission.final_score == Decimal("18")


def test_periodic_task_allocates_past_deadline_assignments():
    from training.tasks import assignments_advance

    _, _, module, assignment, _ = world(4)
    open_one = f.assignment(module, deadline_in_days=3)
    result = assignments_advance.delay().get()
    assert result["allocated"] == 1
    from training.models import AssignmentRound

    assert AssignmentRound.objects.get(assignment=assignment).allocated_at is not None
    assert not AssignmentRound.objects.filter(assignment=open_one, allocated_at__isnull=False).exists()


def test_front_end_submission_checks_the_file_by_content(client):
    _, course, module, _, _ = world(0)
    assignment = f.assignment(module, deadline_in_days=3)
    teacher = f.teacher("writer")
    services.course_enrol(course=course, teacher=teacher)
    client.force_login(teacher)
    url = f"/training/modules/{module.pk}/assignments/{assignment.pk}/submit/"
    fake = SimpleUploadedFile("设计.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf")
    response = client.post(url, {"text": "", "attachment": fake}, follow=True)
    assert "附件类型不受支持" in response.content.decode()
    assert not Submission.objects.exists()
    pdf = SimpleUploadedFile("王老师-设计.pdf", b"%PDF-1.4\n" + b"0" * 2000, content_type="application/pdf")
    response = client.post(url, {"text": "见附件", "attachment": pdf}, follow=True)
    assert "已提交" in response.content.decode()
    submission = Submission.objects.get()
    assert submission.file_kind == "pdf" and "王老师" not in submission.file.name


def test_front_end_submission_over_the_size_limit_is_refused(client):
    from training.models import TrainingSettings

    settings = TrainingSettings.current()
    settings.max_submission_file_mb = 1
    settings.save()
    _, course, module, _, _ = world(0)
    assignment = f.assignment(module, deadline_in_days=3)
    teacher = f.teacher("writer")
    services.course_enrol(course=course, teacher=teacher)
    client.force_login(teacher)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024), content_type="application/pdf")
    response = client.post(
        f"/training/modules/{module.pk}/assignments/{assignment.pk}/submit/",
        {"text": "x", "attachment": big},
        follow=True,
    )
    assert "文件超过大小上限 1 MB" in response.content.decode()
    assert not Submission.objects.exists()
