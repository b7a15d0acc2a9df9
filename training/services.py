"""Business rules of training: video checks, enrolment and completion, quizzes, peer review.

Every function here is keyword-only; views, admin views, tasks and the demo loader call them.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import subprocess  # noqa: S404 - ffprobe is run with a fixed argument list, never a shell
import tempfile
import uuid
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import filetype

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from credits.models import CreditSource
from credits.services import CreditError, credit_amount_for_hours, credit_record
from home.models import Stage

from .models import (
    Assignment,
    AssignmentRound,
    CoursePage,
    Enrolment,
    ItemProgress,
    MicroLecturePage,
    PeerReview,
    QuizAttempt,
    Submission,
    TrainingSettings,
    format_duration,
)
from .uploads import OversizedUpload

PROBE_TIMEOUT_SECONDS = 60
SNIFF_BYTES = 8192
LATE_REVIEW_DAYS = 3


class TrainingError(ValueError):
    """A refused action; the message is Chinese and shown to the user as it is."""


class UploadRejected(TrainingError):
    pass


# --- uploads: size, content and (for media) the real duration ---------------------------------


@dataclass(frozen=True)
class VideoProbe:
    duration: float
    width: int | None
    height: int | None
    has_video: bool
    has_audio: bool
    format_name: str

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def upload_check_size(*, uploaded: UploadedFile) -> None:
    if isinstance(uploaded, OversizedUpload):
        raise UploadRejected(f"文件超过大小上限 {_megabytes(uploaded.limit_bytes)}，已拒绝接收。")
    if not uploaded.size:
        raise UploadRejected("上传的文件是空的。")


def upload_sniff(*, uploaded: UploadedFile):
    """The file type read from the file's first bytes (filetype), never from its name."""
    uploaded.seek(0)
    head = uploaded.read(SNIFF_BYTES)
    uploaded.seek(0)
    return filetype.guess(head)


@contextlib.contextmanager
def _local_path(uploaded):
    """A path on this machine holding the file: an upload's temporary file, a stored file's
    own path on local storage, else a temporary copy (small uploads live only in memory;
    remote storage has no path)."""
    if hasattr(uploaded, "temporary_file_path"):
        yield uploaded.temporary_file_path()
        return
    try:
        path = uploaded.path  # a FieldFile on local storage
    except (AttributeError, NotImplementedError):
        path = None
    if path:
        yield path
        return
    with tempfile.NamedTemporaryFile(prefix="rtpt-probe-", suffix=".bin") as tmp:
        uploaded.seek(0)
        for chunk in uploaded.chunks():
            tmp.write(chunk)
        tmp.flush()
        uploaded.seek(0)
        yield tmp.name


def video_probe(*, path: str) -> VideoProbe:
    """Read a media file's real duration and streams with ffprobe (Debian's ffmpeg package)."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        raise UploadRejected(
            "服务器未安装 ffprobe（ffmpeg），无法检测视频时长，上传已拒绝。请联系管理员安装 ffmpeg 后重试。"
        )
    command = [
        ffprobe,
        "-v",
        "error",
        "-print_format",
        "json",
        "-show_entries",
        "format=duration,format_name:stream=codec_type,width,height:stream_disposition=attached_pic",
        path,
    ]
    try:
        completed = subprocess.run(command, capture_output=True, timeout=PROBE_TIMEOUT_SECONDS, check=False)  # noqa: S603
    except subprocess.TimeoutExpired as exc:
        raise UploadRejected("检测视频超时，文件可能已损坏，上传已拒绝。") from exc
    if completed.returncode != 0:
        raise UploadRejected("无法读取该文件：文件已损坏或不是可识别的音视频格式。")
    try:
        data = json.loads(completed.stdout or b"{}")
        duration = float(data.get("format", {}).get("duration") or 0)
    except (ValueError, TypeError) as exc:
        raise UploadRejected("无法读取该文件的时长：文件可能已损坏。") from exc
    streams = data.get("streams", [])
    video = [s for s in streams if s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")]
    if duration <= 0:
        raise UploadRejected("无法读取该文件的时长：文件可能已损坏。")
    return VideoProbe(
        duration=duration,
        width=video[0].get("width") if video else None,
        height=video[0].get("height") if video else None,
        has_video=bool(video),
        has_audio=any(s.get("codec_type") == "audio" for s in streams),
        format_name=data.get("format", {}).get("format_name", ""),
    )


THUMBNAIL_WIDTH = 640


def media_thumbnail_generate(*, media_id: int) -> bool:
    """A still frame (at 1 s, or the middle of shorter clips) saved as the video's thumbnail,
    shown as the player's poster until playback starts. Skipped for audio, for media that
    already have a thumbnail (an uploaded one wins) and where ffmpeg is missing or fails:
    a poster is a nicety, never a reason to fail the upload. Returns whether one was made."""
    from wagtailmedia.models import get_media_model

    from django.core.files.base import ContentFile

    media = get_media_model().objects.filter(pk=media_id, type="video").first()
    ffmpeg = shutil.which("ffmpeg")
    if media is None or media.thumbnail or not media.file or ffmpeg is None:
        return False
    at = min(1.0, float(media.duration or 0) / 2)
    with tempfile.TemporaryDirectory(prefix="rtpt-thumb-") as workdir, _local_path(media.file) as source:
        target = f"{workdir}/poster.jpg"
        command = [
            ffmpeg,
            "-loglevel",
            "error",
            "-y",
            "-ss",
            f"{at:.2f}",
            "-i",
            source,
            "-frames:v",
            "1",
            "-vf",
            f"scale='min({THUMBNAIL_WIDTH},iw)':-2",
            "-q:v",
            "4",
            target,
        ]
        try:
            completed = subprocess.run(command, capture_output=True, timeout=PROBE_TIMEOUT_SECONDS, check=False)  # noqa: S603
        except subprocess.TimeoutExpired:
            return False
        if completed.returncode != 0 or not os.path.exists(target) or os.path.getsize(target) == 0:
            return False
        with open(target, "rb") as handle:
            # An unguessable name: the frame of a members-only video must not be found by id.
            media.thumbnail.save(f"poster-{uuid.uuid4().hex}.jpg", ContentFile(handle.read()), save=False)
    type(media).objects.filter(pk=media.pk).update(thumbnail=media.thumbnail.name)
    return True


def media_check_upload(*, uploaded: UploadedFile, media_type: str, limit_seconds: int | None) -> VideoProbe:
    """Check an audio/video upload before anything is saved: size, content, real duration, limit.

    The probe runs as the Celery task ``video_probe_upload``, applied synchronously here: the
    upload exists only as a temporary file on this web host, and the form must answer before
    the media record is written.
    """
    from .tasks import video_probe_upload

    upload_check_size(uploaded=uploaded)
    kind = upload_sniff(uploaded=uploaded)
    expected = "video/" if media_type == "video" else "audio/"
    if kind is None or not (kind.mime.startswith(expected) or (media_type == "audio" and kind.mime == "video/mp4")):
        label = "视频" if media_type == "video" else "音频"
        raise UploadRejected(f"文件内容不是{label}（按文件内容检测，与扩展名无关），已拒绝。")
    with _local_path(uploaded) as path:
        probe = VideoProbe(**video_probe_upload.apply(args=[path]).get())
    if media_type == "video" and not probe.has_video:
        raise UploadRejected("文件中没有视频画面，已拒绝。")
    if limit_seconds is not None and probe.duration > limit_seconds:
        raise UploadRejected(
            f"视频时长为 {format_duration(probe.duration)}，超过微课上限 {limit_seconds // 60} 分钟，已拒绝。"
            "请剪辑为不超过上限的片段后再上传。"
        )
    return probe


SUBMISSION_KINDS = {"pdf", "doc", "docx", "ppt", "pptx", "xls", "xlsx", "odt", "odp", "jpg", "png", "zip", "mp4"}


def submission_check_file(*, uploaded: UploadedFile) -> str:
    """Check an assignment attachment by content; returns the detected extension."""
    upload_check_size(uploaded=uploaded)
    kind = upload_sniff(uploaded=uploaded)
    if kind is None or kind.extension not in SUBMISSION_KINDS:
        raise UploadRejected(
            "附件类型不受支持（按文件内容检测）。请上传 PDF、Word、PPT、Excel、图片、ZIP 或 MP4 文件。"
        )
    return kind.extension


# --- enrolment, progress and completion -----------------------------------------------------


def course_enrol(*, course: CoursePage, teacher) -> Enrolment:
    if not course.live:
        raise TrainingError("课程尚未发布，暂不能选课。")
    enrolment, _ = Enrolment.objects.get_or_create(course=course, teacher=teacher)
    return enrolment


def enrolment_for(*, course: CoursePage, teacher) -> Enrolment:
    enrolment = Enrolment.objects.filter(course=course, teacher=teacher).first() if teacher.is_authenticated else None
    if enrolment is None:
        raise TrainingError("请先加入本课程，再学习和提交。")
    return enrolment


def item_mark_watched(*, enrolment: Enrolment, page) -> ItemProgress:
    progress, _ = ItemProgress.objects.get_or_create(enrolment=enrolment, page_id=page.pk)
    return progress


def enrolment_refresh(*, enrolment: Enrolment) -> bool:
    """Complete the course when every required item is done; record its hours once. True if just completed."""
    from .selectors import course_progress

    if enrolment.completed_at:
        return False
    progress = course_progress(course=enrolment.course, user=enrolment.teacher)
    if not progress.complete:
        return False
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.completed_at:
            return False
        enrolment.completed_at = timezone.now()
        enrolment.hours_recorded = progress.hours_earned
        if progress.hours_earned > 0:
            amount = credit_amount_for_hours(source=CreditSource.COURSE, hours=progress.hours_earned)
            try:
                enrolment.credit_entry = credit_record(
                    teacher=enrolment.teacher,
                    source=CreditSource.COURSE,
                    amount=amount,
                    hours=progress.hours_earned,
                    description=f"完成课程《{enrolment.course.title}》",
                    source_key=f"course:{enrolment.course_id}",
                )
            except CreditError as exc:
                enrolment.credit_note = str(exc)[:200]
        else:
            enrolment.credit_note = "课程未设置学时，未记学分。"
        enrolment.save()
    return True


# --- instant quiz ----------------------------------------------------------------------------


def quiz_score(*, lecture: MicroLecturePage, answers: dict[str, list[str]]) -> tuple[int, int, list[dict]]:
    """Score answers ({question id: [chosen option indexes or "true"/"false"]}); one point a question."""
    results = []
    for block in lecture.quiz:
        question = block.value
        chosen = sorted(set(answers.get(block.id, [])))
        if question["kind"] == "true_false":
            expected = ["true" if question["answer_true"] else "false"]
        else:
            expected = sorted(str(i) for i, option in enumerate(question["options"]) if option["correct"])
        results.append(
            {
                "id": block.id,
                "chosen": chosen,
                "expected": expected,
                "correct": chosen == expected,
                "explanation": question["explanation"] or "",
            }
        )
    score = sum(1 for r in results if r["correct"])
    return score, len(results), results


def quiz_attempt_submit(*, lecture: MicroLecturePage, teacher, answers: dict[str, list[str]]) -> QuizAttempt:
    if not len(lecture.quiz):
        raise TrainingError("这节微课没有测评题。")
    score, max_score, results = quiz_score(lecture=lecture, answers=answers)
    passed = score * 100 >= lecture.quiz_pass_percent * max_score
    return QuizAttempt.objects.create(
        lecture=lecture,
        teacher=teacher,
        answers=answers,
        results=results,
        score=score,
        max_score=max_score,
        passed=passed,
    )


# --- assignments and peer review -------------------------------------------------------------


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
        PeerReview.objects.create(submission=submission, reviewer_id=candidate.teacher_id, due_at=due)
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
        PeerReview.objects.create(submission=submission, reviewer=reviewer, due_at=due)
        created += 1
    return created


def assignment_allocate(*, assignment: Assignment, now=None) -> AssignmentRound:
    """After the deadline, give each submission N anonymous peers (each teacher reviews N).

    With m submissions and N ≥ m, every submission gets m − 1 peers; with fewer than two
    submissions nobody can review and the trainer scores directly (override).
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
            PeerReview.objects.bulk_create(
                PeerReview(submission=submission, reviewer=submissions[(i + k) % count].teacher, due_at=due)
                for i, submission in enumerate(submissions)
                for k in range(1, peers + 1)
            )
        round_.save()
    return round_


def assignment_reallocate_overdue(*, assignment: Assignment, now=None) -> int:
    """Peers who let their review lapse are replaced by others; returns how many reviews moved."""
    now = now or timezone.now()
    round_ = assignment_round(assignment=assignment)
    if not round_.allocated_at or round_.peers < 1:
        return 0
    moved = 0
    overdue = PeerReview.objects.filter(
        submission__assignment=assignment, status=PeerReview.Status.PENDING, due_at__lt=now
    ).select_related("submission")
    for review in overdue:
        with transaction.atomic():
            review.status = PeerReview.Status.EXPIRED
            review.save(update_fields=["status"])
            moved += _allocate_reviewers(submission=review.submission, wanted=round_.peers, now=now)
    return moved


def peer_review_submit(*, review: PeerReview, reviewer, scores: dict[str, str], comment: str, now=None) -> PeerReview:
    """Score a peer's work with the rubric; the submission's peer score is the mean of done reviews."""
    now = now or timezone.now()
    if review.reviewer_id != reviewer.pk:
        raise TrainingError("这份互评不是分配给你的。")
    if review.status == PeerReview.Status.DONE:
        raise TrainingError("你已经提交过这份互评。")
    rubric = review.submission.assignment.rubric
    clean: dict[str, int] = {}
    for block in rubric:
        raw = str(scores.get(block.id, "")).strip()
        if not raw.isdigit() or not 0 <= int(raw) <= block.value["max_points"]:
            raise TrainingError(f"“{block.value['name']}”请填写 0 到 {block.value['max_points']} 之间的整数。")
        clean[block.id] = int(raw)
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
    return submission


def assignments_advance(*, now=None) -> dict[str, int]:
    """Periodic step: allocate assignments whose deadline passed; replace lapsed reviewers."""
    now = now or timezone.now()
    allocated = moved = 0
    due = Assignment.objects.filter(deadline__lt=now).exclude(round__allocated_at__isnull=False)
    for assignment in due:
        assignment_allocate(assignment=assignment, now=now)
        allocated += 1
    for assignment in Assignment.objects.filter(round__allocated_at__isnull=False, review_deadline__lt=now):
        moved += assignment_reallocate_overdue(assignment=assignment, now=now)
    return {"allocated": allocated, "reallocated": moved}


def slice_add(*, recording, trainer, title: str, start_seconds: int, end_seconds: int, diagnosis: str):
    """A trainer's 课堂切片 diagnosis on a recording, published as a new revision of the page.

    Slices are inline rows of the page, so they go through a revision: an editor's next
    publish keeps them. A page with unpublished edits is refused rather than published.
    """
    from .models import CoursePage, LessonSlice

    course = CoursePage.objects.get(pk=recording.get_parent().get_parent().pk)
    if not course.is_trainer(trainer):
        raise TrainingError("只有本课程的培训者可以添加切片诊断。")
    if recording.has_unpublished_changes:
        raise TrainingError("该课堂实录有尚未发布的修改，请先由编辑发布后再添加切片诊断。")
    title, diagnosis = title.strip(), diagnosis.strip()
    if not title or not diagnosis:
        raise TrainingError("请填写切片标题和诊断意见。")
    if start_seconds < 0 or end_seconds <= start_seconds:
        raise TrainingError("结束时间必须晚于开始时间。")
    duration = recording.video.duration if recording.video else 0
    if duration and end_seconds > duration + 1:
        raise TrainingError(f"切片超出了录像时长（{format_duration(duration)}）。")
    piece = LessonSlice(
        title=title[:80], start_seconds=start_seconds, end_seconds=end_seconds, diagnosis=diagnosis, trainer=trainer
    )
    recording.slices.add(piece)
    # The course-trainer check above is the permission rule here; trainers hold no page rights.
    recording.save_revision(user=trainer, log_action=True).publish(user=trainer, skip_permission_checks=True)
    return recording.slices.get(title=piece.title, start_seconds=start_seconds, trainer=trainer)


def media_limit_seconds(*, purpose: str, stage: Stage | None) -> int | None:
    """Micro-lectures have the per-stage limit; lesson recordings (a whole lesson) none."""
    if purpose != "micro_lecture":
        return None
    return TrainingSettings.current().video_limit_seconds(stage=stage)
