"""Assignments and peer review (作业与同伴互评): submitting work, allocating each submission to N
anonymous peers after the deadline, handing lapsed reviews on, rubric scores and the trainer's
override (培训者改判).
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from home.params import parse_int
from resources.review.services import notify

from ..models import Assignment, AssignmentRound, PeerReview, Submission
from .enrolment import teacher_check_completion
from .errors import TrainingError
from .media import submission_check_file

LATE_REVIEW_DAYS = 3


def assignment_round(*, assignment: Assignment) -> AssignmentRound:
    return AssignmentRound.objects.get_or_create(assignment=assignment)[0]


def submission_submit(
    *, assignment: Assignment, teacher, text: str, uploaded: UploadedFile | None, now=None
) -> Submission:
    """Submit (or, before allocation, replace) a teacher's work; late work goes to the least-loaded peers."""
    now = now or timezone.now()
    if now > assignment.review_deadline:
        raise TrainingError("互评已经结束，本作业不再接收提交。如有特殊情况请联系课程培训者。")
    if not text.strip() and uploaded is None:
        raise TrainingError("请填写作业正文或上传附件。")
    kind = submission_check_file(uploaded=uploaded) if uploaded is not None else ""
    round_ = assignment_round(assignment=assignment)
    with transaction.atomic():
        submission = Submission.objects.select_for_update().filter(assignment=assignment, teacher=teacher).first()
        if submission and round_.allocated_at:
            raise TrainingError("作业已分配给同伴互评，不能再修改。")
        submission = submission or Submission(assignment=assignment, teacher=teacher)
        submission.text = text.strip()
        if uploaded is not None:
            submission.file.save(f"upload.{kind}", uploaded, save=False)
            submission.file_kind = kind
        submission.submitted_at = now
        submission.is_late = now > assignment.deadline
        submission.save()
        if round_.allocated_at:
            # Late work still gets peers, and its author still reviews others like everyone else.
            _allocate_reviewers(submission=submission, wanted=max(round_.peers, 1), now=now)
            _assign_reviews_to(reviewer=teacher, assignment=assignment, count=max(round_.peers, 1), now=now)
    teacher_check_completion(course=assignment.module.course, teacher=teacher)
    return submission


def _review_due(*, assignment: Assignment, now) -> timezone.datetime:
    return max(assignment.review_deadline, now + timezone.timedelta(days=LATE_REVIEW_DAYS))


def _allocate_reviewers(*, submission: Submission, wanted: int, now) -> int:
    """Give a submission up to ``wanted`` active reviewers, choosing reliable, least-loaded peers."""
    active = submission.reviews.exclude(status=PeerReview.Status.EXPIRED)
    missing = wanted - active.count()
    if missing <= 0:
        return 0
    taken = set(submission.reviews.values_list("reviewer_id", flat=True))
    candidates = (
        Submission.objects.filter(assignment=submission.assignment)
        .exclude(teacher_id__in=taken | {submission.teacher_id})
        .annotate(
            load=Count(
                "teacher__peer_reviews", filter=Q(teacher__peer_reviews__submission__assignment=submission.assignment)
            ),
            lapses=Count(
                "teacher__peer_reviews",
                filter=Q(
                    teacher__peer_reviews__submission__assignment=submission.assignment,
                    teacher__peer_reviews__status=PeerReview.Status.EXPIRED,
                ),
            ),
        )
        .order_by("lapses", "load", "?")
    )
    due = _review_due(assignment=submission.assignment, now=now)
    created = 0
    for candidate in candidates[:missing]:
        review = PeerReview.objects.create(submission=submission, reviewer_id=candidate.teacher_id, due_at=due)
        _tell_reviewer(review)
        created += 1
    return created


def _assign_reviews_to(*, reviewer, assignment: Assignment, count: int, now) -> int:
    """Give a (late) submitter ``count`` peers' works to review, those with the fewest reviewers first."""
    submissions = (
        Submission.objects.filter(assignment=assignment)
        .exclude(teacher=reviewer)
        .exclude(reviews__reviewer=reviewer)
        .annotate(active=Count("reviews", filter=~Q(reviews__status=PeerReview.Status.EXPIRED)))
        .order_by("active", "?")[:count]
    )
    due = _review_due(assignment=assignment, now=now)
    created = 0
    for submission in submissions:
        _tell_reviewer(PeerReview.objects.create(submission=submission, reviewer=reviewer, due_at=due))
        created += 1
    return created


def _module_url(module, *route) -> str:
    url = module.url or ""
    return url + module.reverse_subpage(*route) if url and route else url


def _tell_reviewer(review: PeerReview) -> None:
    module = review.submission.assignment.module
    due = timezone.localtime(review.due_at).strftime("%Y-%m-%d %H:%M") if review.due_at else ""
    notify(
        recipients=[review.reviewer],
        subject=f"互评任务：《{module.title}》的一份作业等你评阅",
        body=f"请在 {due} 前按量规评分并写下评语。" if due else "请按量规评分并写下评语。",
        link=_module_url(module, "review", (review.pk,)),
        category="course",
    )


def assignment_allocate(*, assignment: Assignment, now=None) -> AssignmentRound:
    """After the deadline, give each submission N anonymous peers (each teacher reviews N).

    With m submissions and N ≥ m, every submission gets m − 1 peers; with fewer than two
    submissions nobody can review and the trainer scores directly (override). Allocation only
    adds reviews to do, so it never completes a course and checks no completion.
    """
    now = now or timezone.now()
    with transaction.atomic():
        round_, _ = AssignmentRound.objects.select_for_update().get_or_create(assignment=assignment)
        if round_.allocated_at:
            return round_
        submissions = list(assignment.submissions.select_related("teacher"))
        random.SystemRandom().shuffle(submissions)
        count = len(submissions)
        peers = min(assignment.peers_per_submission, count - 1)
        round_.allocated_at = now
        round_.peers = max(peers, 0)
        if peers < 1:
            round_.note = f"仅有 {count} 份作业，无法同伴互评，请课程培训者直接评分。"
        else:
            if peers < assignment.peers_per_submission:
                round_.note = (
                    f"仅有 {count} 份作业，每份改为由 {peers} 位同伴互评（原定 {assignment.peers_per_submission} 位）。"
                )
            due = _review_due(assignment=assignment, now=now)
            reviews = PeerReview.objects.bulk_create(
                PeerReview(submission=submission, reviewer=submissions[(i + k) % count].teacher, due_at=due)
                for i, submission in enumerate(submissions)
                for k in range(1, peers + 1)
            )
            for review in reviews:
                _tell_reviewer(review)
        round_.save()
    return round_


def assignment_reallocate_overdue(*, assignment: Assignment, now=None) -> int:
    """Peers who let their review lapse are replaced by others; returns how many reviews moved.

    A lapsed review no longer holds its reviewer back, so it may have been the last thing
    between them and completing the course: their completion is checked afterwards.
    """
    now = now or timezone.now()
    round_ = assignment_round(assignment=assignment)
    if not round_.allocated_at or round_.peers < 1:
        return 0
    moved = 0
    overdue = PeerReview.objects.filter(
        submission__assignment=assignment, status=PeerReview.Status.PENDING, due_at__lt=now
    ).select_related("submission", "reviewer")
    released = {}
    for review in overdue:
        with transaction.atomic():
            review.status = PeerReview.Status.EXPIRED
            review.save(update_fields=["status"])
            moved += _allocate_reviewers(submission=review.submission, wanted=round_.peers, now=now)
        released[review.reviewer_id] = review.reviewer
    if released:
        course = assignment.module.course
        for reviewer in released.values():
            teacher_check_completion(course=course, teacher=reviewer)
    return moved


def rubric_scores_clean(*, rubric, scores: dict[str, str]) -> dict[str, int]:
    """The points of each rubric criterion as the review form sends them ({criterion id: text}):
    an ASCII integer from 0 to the criterion's maximum, else the whole review is refused with a
    message naming the criterion ("²", "-1" or a 30-digit number included)."""
    clean: dict[str, int] = {}
    for block in rubric:
        points = parse_int(scores.get(block.id), maximum=block.value["max_points"])
        if points is None:
            raise TrainingError(f"“{block.value['name']}”请填写 0 到 {block.value['max_points']} 之间的整数。")
        clean[block.id] = points
    return clean


def peer_review_submit(*, review: PeerReview, reviewer, scores: dict[str, str], comment: str, now=None) -> PeerReview:
    """Score a peer's work with the rubric; the submission's peer score is the mean of done reviews."""
    now = now or timezone.now()
    if review.reviewer_id != reviewer.pk:
        raise TrainingError("这份互评不是分配给你的。")
    if review.status == PeerReview.Status.DONE:
        raise TrainingError("你已经提交过这份互评。")
    clean = rubric_scores_clean(rubric=review.submission.assignment.rubric, scores=scores)
    if len(comment.strip()) < 5:
        raise TrainingError("请写下至少 5 个字的评语，帮助同伴改进。")
    with transaction.atomic():
        review.scores = clean
        review.total = Decimal(sum(clean.values()))
        review.comment = comment.strip()
        review.status = PeerReview.Status.DONE
        review.completed_at = now
        review.save()
        submission_recompute(submission=review.submission)
        notify(
            recipients=[review.submission.teacher],
            subject=f"你在《{review.submission.assignment.module.title}》的作业收到一份同伴互评",
            body=f"得分 {review.total}。评语：{review.comment}",
            link=_module_url(review.submission.assignment.module),
            category="course",
        )
    # A review done may have been the reviewer's last step in the course.
    teacher_check_completion(course=review.submission.assignment.module.course, teacher=reviewer)
    return review


def submission_recompute(*, submission: Submission) -> Submission:
    totals = [r.total for r in submission.reviews.filter(status=PeerReview.Status.DONE)]
    submission.peer_score = (
        (sum(totals) / len(totals)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if totals else None
    )
    submission.save(update_fields=["peer_score"])
    return submission


def submission_override(*, submission: Submission, trainer, score: Decimal, comment: str) -> Submission:
    """Trainer override (培训者改判): replaces the peer score, e.g. when too few peers reviewed."""
    if not submission.assignment.module.get_parent().specific.is_trainer(trainer):
        raise TrainingError("只有本课程的培训者可以改判。")
    if not 0 <= score <= submission.assignment.max_score:
        raise TrainingError(f"得分应在 0 到 {submission.assignment.max_score} 之间。")
    if not comment.strip():
        raise TrainingError("请填写改判说明。")
    submission.override_score = score
    submission.override_by = trainer
    submission.override_comment = comment.strip()[:300]
    submission.save(update_fields=["override_score", "override_by", "override_comment"])
    teacher_check_completion(course=submission.assignment.module.course, teacher=submission.teacher)
    return submission


DUE_REMINDER = timedelta(hours=24)


def assignments_remind_due(*, now=None) -> int:
    """Once per assignment, a day before its deadline: tell each enrolled teacher who has not
    submitted yet (站内消息, and e-mail by their choice). Returns how many were told."""
    now = now or timezone.now()
    told = 0
    soon = Assignment.objects.filter(deadline__gt=now, deadline__lte=now + DUE_REMINDER).select_related("module")
    for assignment in soon:
        with transaction.atomic():
            round_ = AssignmentRound.objects.select_for_update().get_or_create(assignment=assignment)[0]
            if round_.reminded_at:
                continue
            round_.reminded_at = now
            round_.save(update_fields=["reminded_at"])
            course = assignment.module.course
            submitted = assignment.submissions.values("teacher_id")
            waiting = [e.teacher for e in course.enrolments.select_related("teacher").exclude(teacher_id__in=submitted)]
            deadline = timezone.localtime(assignment.deadline).strftime("%Y-%m-%d %H:%M")
            told += len(
                notify(
                    recipients=waiting,
                    subject=f"作业《{assignment.title}》将于 {deadline} 截止",
                    body=f"课程《{course.title}》的这份作业还没有提交，截止后将进入同伴互评。",
                    link=_module_url(assignment.module),
                    category="course",
                )
            )
    return told


def assignments_advance(*, now=None) -> dict[str, int]:
    """Periodic step: remind of deadlines a day ahead, allocate assignments whose deadline
    passed, replace lapsed reviewers."""
    now = now or timezone.now()
    reminded = assignments_remind_due(now=now)
    allocated = moved = 0
    due = Assignment.objects.filter(deadline__lt=now).exclude(round__allocated_at__isnull=False)
    for assignment in due:
        assignment_allocate(assignment=assignment, now=now)
        allocated += 1
    for assignment in Assignment.objects.filter(round__allocated_at__isnull=False, review_deadline__lt=now):
        moved += assignment_reallocate_overdue(assignment=assignment, now=now)
    return {"reminded": reminded, "allocated": allocated, "reallocated": moved}
