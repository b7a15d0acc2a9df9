"""Reads of training (学习进度): a teacher's progress, the guide's rules on a course, page contexts.

Only a teacher's own records are read here for the public pages; trainers read others'
through the admin screens (``admin_views``), which check ``access.course_is_trainer``.

The page types call these reads from their routes and ``get_context``, so this module imports
no training model (``training.models`` must not import anything that imports it back): every
read starts from the page, enrolment or user it is given and follows their related managers
(``course.enrolments``, ``user.quiz_attempts``, ``submission.reviews`` …).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from home.consent import is_public

from .access import submission_visible_to

if TYPE_CHECKING:
    from .models import (
        AssignmentRound,
        CourseModulePage,
        CoursePage,
        Enrolment,
        LessonRecordingPage,
        MicroLecturePage,
        Submission,
        TrainingSettings,
    )

# One 学时 (class hour) of training is 45 minutes, as in continuing-education hour counting.
MINUTES_PER_CLASS_HOUR = 45


@dataclass
class ItemStatus:
    kind: str  # "lecture" | "recording" | "assignment"
    title: str
    url: str
    done: bool
    detail: str = ""


@dataclass
class ModuleProgress:
    module: CourseModulePage
    items: list[ItemStatus] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return all(item.done for item in self.items)

    @property
    def done_count(self) -> int:
        return sum(1 for item in self.items if item.done)


@dataclass
class CourseProgress:
    enrolment: Enrolment | None
    modules: list[ModuleProgress] = field(default_factory=list)

    @property
    def required_items(self) -> list[ItemStatus]:
        return [item for m in self.modules if m.module.is_required for item in m.items]

    @property
    def complete(self) -> bool:
        required = self.required_items
        return bool(required) and all(item.done for item in required)

    @property
    def percent(self) -> int:
        required = self.required_items
        return round(100 * sum(1 for i in required if i.done) / len(required)) if required else 0

    @property
    def hours_earned(self) -> Decimal:
        """Online hours of the required modules plus every elective module the teacher finished:
        what completing the course records. Offline hours are earned only by attendance a trainer
        records (``services.module_mark_attendance``, a credit entry of their own)."""
        return sum(
            (m.module.online_hours for m in self.modules if m.module.is_required or (m.items and m.done)),
            Decimal("0"),
        )


@dataclass
class _TeacherRecords:
    """What a teacher has done anywhere in training, read once (four queries)."""

    watched: set[int] = field(default_factory=set)
    passed: set[int] = field(default_factory=set)
    submitted: set[int] = field(default_factory=set)
    pending_reviews: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, teacher) -> _TeacherRecords:
        if teacher is None or not teacher.is_authenticated:
            return cls()
        watched = teacher.course_enrolments.filter(items__watched_at__isnull=False).values_list(
            "items__page_id", flat=True
        )
        return cls(
            watched=set(watched),
            passed=set(teacher.quiz_attempts.filter(passed=True).values_list("lecture_id", flat=True)),
            submitted=set(teacher.assignment_submissions.values_list("assignment_id", flat=True)),
            pending_reviews=set(teacher.peer_reviews.pending().values_list("submission__assignment_id", flat=True)),
        )


def _module_statuses(*, modules, teacher, viewer, records: _TeacherRecords | None = None) -> list[ModuleProgress]:
    """Each module's items and their state for ``teacher``; a lesson recording ``viewer`` may
    not watch (no consent for them: ``home.consent``) is left out of the outline."""
    records = records or _TeacherRecords.of(teacher)
    watched, passed = records.watched, records.passed
    submitted, pending_reviews = records.submitted, records.pending_reviews
    result = []
    for module in modules:
        progress = ModuleProgress(module=module)
        for item in module.get_items():
            if item.item_kind == "lecture":
                has_quiz = bool(len(item.quiz))
                seen = item.pk in watched
                quiz_ok = not has_quiz or item.pk in passed
                detail = "已观看" if seen else "未观看"
                if has_quiz:
                    detail += " · 测评已合格" if quiz_ok else " · 测评未合格"
                progress.items.append(ItemStatus("lecture", item.title, item.url, seen and quiz_ok, detail))
            elif item.watchable_by(viewer):
                seen = item.pk in watched
                progress.items.append(
                    ItemStatus("recording", item.title, item.url, seen, "已学习" if seen else "未学习")
                )
        for assignment in module.assignments.all():
            done = assignment.pk in submitted and assignment.pk not in pending_reviews
            if assignment.pk not in submitted:
                detail = "未提交"
            elif assignment.pk in pending_reviews:
                detail = "已提交 · 还有同伴作业待你互评"
            else:
                detail = "已提交"
            progress.items.append(
                ItemStatus("assignment", assignment.title, f"{module.url}#assignment-{assignment.pk}", done, detail)
            )
        result.append(progress)
    return result


def enrolment_of(*, course: CoursePage, user) -> Enrolment | None:
    """The user's enrolment in the course (选课记录), if any."""
    return course.enrolments.filter(teacher=user).first() if user.is_authenticated else None


def course_progress(*, course: CoursePage, user) -> CourseProgress:
    enrolment = enrolment_of(course=course, user=user)
    teacher = user if enrolment else None
    return CourseProgress(
        enrolment=enrolment, modules=_module_statuses(modules=course.get_modules(), teacher=teacher, viewer=user)
    )


@dataclass
class EnrolledCourse:
    course: CoursePage
    enrolment: Enrolment
    progress: CourseProgress


def teacher_courses(*, teacher) -> list[EnrolledCourse]:
    """The personal space's 课程与进度: every live course the teacher enrolled in, newest
    enrolment first, with progress per module (the teacher's records are read once)."""
    enrolments = list(
        teacher.course_enrolments.filter(course__live=True).select_related("course").order_by("-enrolled_at")
    )
    if not enrolments:
        return []
    records = _TeacherRecords.of(teacher)
    return [
        EnrolledCourse(
            course=e.course,
            enrolment=e,
            progress=CourseProgress(
                enrolment=e,
                modules=_module_statuses(
                    modules=e.course.get_modules(), teacher=teacher, viewer=teacher, records=records
                ),
            ),
        )
        for e in enrolments
    ]


def course_rule_warnings(*, course: CoursePage, settings: TrainingSettings) -> list[str]:
    """The national guide's rules, checked as warnings for editors (not errors: "原则上")."""
    modules = list(course.get_modules()) or list(course.get_modules(include_drafts=True))
    warnings = []
    required = [m for m in modules if m.is_required]
    elective = [m for m in modules if not m.is_required]
    if not required:
        warnings.append("课程还没有必修模块：学员无法完成课程，也不会记录学时。")
    online = sum((m.online_hours for m in required), Decimal("0"))
    if online > 0:
        lecture_seconds = sum(
            (lecture.video.duration for m in required for lecture in m.get_lectures() if lecture.video),
            0.0,
        )
        lecture_hours = Decimal(str(round(lecture_seconds / 60 / MINUTES_PER_CLASS_HOUR, 2)))
        if lecture_hours * 4 < online:
            warnings.append(
                f"必修模块的微课（MOOC 式碎片化内容）合计 {lecture_hours} 学时，少于线上学时 {online} 的四分之一"
                f"（{(online / 4).quantize(Decimal('0.01'))} 学时；每学时按 {MINUTES_PER_CLASS_HOUR} 分钟计）。"
            )
        elective_hours = sum((m.online_hours + m.offline_hours for m in elective), Decimal("0"))
        if elective_hours < 2 * online:
            warnings.append(f"选修内容合计 {elective_hours} 学时，少于线上学时 {online} 的 2 倍（{2 * online} 学时）。")
    for m in modules:
        for item in m.get_items():
            if item.video is None or not item.video.duration:
                warnings.append(f"《{item.title}》的视频没有时长信息：学员无法记录观看时长，也就无法完成课程。")
            elif item.item_kind != "lecture" and not is_public(item.video):
                warnings.append(
                    f"课堂实录《{item.title}》未获公开授权（视频授权）：授权范围外的学员看不到它，"
                    "课程大纲中也不显示，不计入他们的完成要求。"
                )
        for lecture in m.get_lectures():
            if lecture.video and lecture.video.duration > settings.video_limit_seconds(stage=lecture.stage):
                warnings.append(f"微课《{lecture.title}》超过时长上限。")
    return warnings


def module_context(*, module: CourseModulePage, user) -> dict:
    course = module.course
    enrolment = enrolment_of(course=course, user=user)
    assignments = []
    for assignment in module.assignments.all():
        round_ = getattr(assignment, "round", None)
        entry = {
            "assignment": assignment,
            "round": round_,
            "phase": assignment_phase(assignment=assignment, round_=round_),
        }
        if enrolment:
            submission = assignment.submissions.filter(teacher=user).first()
            entry["submission"] = submission
            entry["received"] = list(submission.reviews.done().order_by("pk")) if submission else []
            entry["can_submit"] = entry["phase"] != "已结束" and not (submission and round_ and round_.allocated_at)
            entry["to_review"] = list(user.peer_reviews.filter(submission__assignment=assignment).order_by("pk"))
        assignments.append(entry)
    return {
        "course": course,
        "enrolment": enrolment,
        "items": module.get_items(),
        "module_progress": _module_statuses(modules=[module], teacher=user if enrolment else None, viewer=user)[0],
        "assignments": assignments,
    }


def assignment_phase(*, assignment, round_: AssignmentRound | None, now=None) -> str:
    now = now or timezone.now()
    if now <= assignment.deadline:
        return "提交中"
    if now <= assignment.review_deadline:
        return "同伴互评中" if round_ and round_.allocated_at else "已截止，等待分配互评"
    return "已结束"


def lecture_context(*, lecture: MicroLecturePage, user, attempt_id: int | None) -> dict:
    """The micro-lecture page: the teacher's last attempts and, for ``?attempt=<id>`` (an id
    already parsed), that attempt's results — only ever the teacher's own."""
    module = lecture.module
    course = module.course
    enrolment = enrolment_of(course=course, user=user)
    attempt = None
    attempts = []
    used, passed = 0, False
    if enrolment:
        mine = lecture.attempts.filter(teacher=user)
        attempts = list(mine[:5])
        used, passed = mine.count(), mine.filter(passed=True).exists()
        if attempt_id is not None:
            attempt = mine.filter(pk=attempt_id).first()
    # Right answers and explanations only when the course's rule allows; before that, only the
    # teacher's own choices are shown again (not even which answers were wrong).
    show_feedback = course.quiz_feedback_shown(attempts=used, passed=passed)
    results = {r["id"]: r if show_feedback else {"chosen": r["chosen"]} for r in attempt.results} if attempt else {}
    questions = [
        {
            "id": block.id,
            "value": block.value,
            "options": list(enumerate(block.value["options"] or [])),
            "result": results.get(block.id),
        }
        for block in lecture.quiz
    ]
    watch = item_watch(enrolment=enrolment, page=lecture)
    return {
        "module": module,
        "course": course,
        "enrolment": enrolment,
        "attempt": attempt,
        "attempts": attempts,
        "questions": questions,
        **watch,
        "passed": passed,
        "show_feedback": show_feedback,
        "attempts_used": used,
        "attempts_left": course.quiz_attempts_left(attempts=used),
        "duration": lecture.duration_display if lecture.video else "",
    }


def item_watch(*, enrolment: Enrolment | None, page) -> dict:
    """``watched`` (enough of the video really watched, see ``services.watching``) and
    ``watched_percent`` (share of the video watched so far) for the item's page."""
    progress = enrolment.items.filter(page_id=page.pk).first() if enrolment else None
    duration = float(page.video.duration or 0) if getattr(page, "video", None) else 0.0
    seconds = progress.watched_seconds if progress else 0.0
    return {
        "watched": bool(progress and progress.watched_at),
        "watched_percent": min(100, round(100 * seconds / duration)) if duration else 0,
    }


def recording_context(*, recording: LessonRecordingPage, user) -> dict:
    module = recording.module
    course = module.course
    enrolment = enrolment_of(course=course, user=user)
    watch = item_watch(enrolment=enrolment, page=recording)
    return {
        "module": module,
        "course": course,
        "enrolment": enrolment,
        "slices": recording.get_slices(),
        **watch,
    }


def peer_review_context(*, module: CourseModulePage, review_id: int | None, user) -> dict | None:
    """The peer-review form of ``review_id`` for its reviewer, else None: someone else's review
    is not disclosed. ``number`` is its place among the reviewer's works of that assignment."""
    if review_id is None or not user.is_authenticated:
        return None
    review = (
        user.peer_reviews.select_related("submission__assignment")
        .filter(pk=review_id, submission__assignment__module=module)
        .first()
    )
    if review is None:
        return None
    assignment = review.submission.assignment
    mine = list(user.peer_reviews.filter(submission__assignment=assignment).order_by("pk").values_list("pk", flat=True))
    return {
        "review": review,
        "assignment": assignment,
        "submission": review.submission,
        "number": mine.index(review.pk) + 1,
    }


def submission_for_download(*, module: CourseModulePage, submission_id: int | None, user) -> Submission | None:
    """A submission of one of the module's assignments with an attachment ``user`` may
    download (``access.submission_visible_to``), else None."""
    if submission_id is None:
        return None
    assignment = module.assignments.filter(submissions__pk=submission_id).first()
    submission = assignment.submissions.filter(pk=submission_id).first() if assignment else None
    if submission is None or not submission.file or not submission_visible_to(user=user, submission=submission):
        return None
    return submission
