"""Admin screens for course trainers (培训管理): enrolments, progress, peer review, overrides."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from home.params import parse_id, parse_int

from . import services
from .access import submission_course
from .models import (
    Assignment,
    AssignmentRound,
    CourseModulePage,
    CoursePage,
    Enrolment,
    LessonRecordingPage,
    MicroLecturePage,
    ModuleAttendance,
    QuizAttempt,
    Submission,
)
from .selectors import assignment_phase, course_progress

ATTEMPTS_SHOWN = 200
# Slice times are stored in a PositiveIntegerField.
MAX_SECONDS = 2**31 - 1


def _get_or_404(queryset, raw_id):
    """The row ``raw_id`` of ``queryset``; 404 for an id no database row can have (30 digits …)."""
    pk = parse_id(raw_id)
    if pk is None:
        raise Http404
    return get_object_or_404(queryset, pk=pk)


def _course_for_trainer(request, course_id: int) -> CoursePage:
    course = _get_or_404(CoursePage, course_id)
    if not course.is_trainer(request.user):
        raise Http404
    return course


def _seconds(value) -> int | None:
    """A slice time from the form: empty is -1 (refused by the service's own check), a number
    of seconds is that number, anything else None."""
    if not str(value or "").strip():
        return -1
    return parse_int(value, maximum=MAX_SECONDS)


def course_list(request):
    courses = [
        {
            "course": c,
            "warnings": c.rule_warnings(),
            "enrolled": c.enrolments.count(),
            "completed": c.enrolments.filter(completed_at__isnull=False).count(),
        }
        for c in CoursePage.objects.trained_by(request.user)
    ]
    return TemplateResponse(request, "training/admin/course_list.html", {"courses": courses})


def course_detail(request, course_id: int):
    course = _course_for_trainer(request, course_id)
    enrolments = [
        {"enrolment": e, "progress": course_progress(course=course, user=e.teacher)}
        for e in Enrolment.objects.filter(course=course).select_related("teacher__profile").order_by("enrolled_at")
    ]
    assignments = []
    for assignment in Assignment.objects.filter(module__in=CourseModulePage.objects.child_of(course)).order_by(
        "deadline"
    ):
        round_ = AssignmentRound.objects.filter(assignment=assignment).first()
        assignments.append(
            {
                "assignment": assignment,
                "round": round_,
                "phase": assignment_phase(assignment=assignment, round_=round_),
                "submissions": assignment.submissions.select_related("teacher__profile").prefetch_related("reviews"),
            }
        )
    recordings = LessonRecordingPage.objects.descendant_of(course).order_by("path")
    # 线下研修出勤: per module with offline hours, who is recorded present (their only way to
    # earn those hours).
    offline_modules = [
        {
            "module": module,
            "present": set(
                ModuleAttendance.objects.filter(module=module, enrolment__course=course).values_list(
                    "enrolment__teacher_id", flat=True
                )
            ),
        }
        for module in course.get_modules(include_drafts=True).filter(offline_hours__gt=0)
    ]
    # 即时测评作答: every attempt at the course's micro-lecture quizzes, newest first, so a
    # trainer sees who struggles with which question set (capped; the newest matter most).
    attempts = (
        QuizAttempt.objects.filter(lecture__in=MicroLecturePage.objects.descendant_of(course))
        .select_related("teacher__profile", "lecture")
        .order_by("-created_at", "-pk")[:ATTEMPTS_SHOWN]
    )
    return TemplateResponse(
        request,
        "training/admin/course_detail.html",
        {
            "course": course,
            "enrolments": enrolments,
            "assignments": assignments,
            "warnings": course.rule_warnings(),
            "recordings": recordings,
            "offline_modules": offline_modules,
            "attempts": attempts,
            "attempts_shown": ATTEMPTS_SHOWN,
        },
    )


@require_POST
def module_attendance(request, module_id: int):
    """登记线下研修出勤 for a module: the checked teachers are present, the others not."""
    module = _get_or_404(CourseModulePage, module_id)
    course = _course_for_trainer(request, module.get_parent().pk)
    ids = {pk for pk in (parse_id(value) for value in request.POST.getlist("attended")) if pk is not None}
    try:
        notes = services.module_mark_attendance(module=module, actor=request.user, attended_user_ids=ids)
    except services.TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已登记《{module.title}》线下研修出勤：{len(ids)} 人出勤，线下学时已记入学分银行。")
        for note in notes:
            messages.warning(request, note)
    return redirect("training_admin:course", course_id=course.pk)


@require_POST
def assignment_action(request, assignment_id: int):
    assignment = _get_or_404(Assignment, assignment_id)
    course = _course_for_trainer(request, assignment.module.get_parent().pk)
    action = request.POST.get("action")
    if action == "allocate":
        round_ = services.assignment_allocate(assignment=assignment)
        messages.success(request, round_.note or f"已分配互评：每份作业 {round_.peers} 位同伴。")
    elif action == "reallocate":
        moved = services.assignment_reallocate_overdue(assignment=assignment)
        messages.success(request, f"已把 {moved} 份逾期未评的互评转交给其他同伴。")
    return redirect("training_admin:course", course_id=course.pk)


def recording_slices(request, recording_id: int):
    recording = _get_or_404(LessonRecordingPage, recording_id)
    course = _course_for_trainer(request, recording.get_parent().get_parent().pk)
    if request.method == "POST":
        start, end = _seconds(request.POST.get("start_seconds")), _seconds(request.POST.get("end_seconds"))
        try:
            if start is None or end is None:
                raise services.TrainingError("时间请填写秒数。")
            services.slice_add(
                recording=recording,
                trainer=request.user,
                title=request.POST.get("title", ""),
                start_seconds=start,
                end_seconds=end,
                diagnosis=request.POST.get("diagnosis", ""),
            )
        except services.TrainingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "切片诊断已发布。")
            return redirect("training_admin:recording_slices", recording_id=recording.pk)
    return TemplateResponse(
        request,
        "training/admin/recording_slices.html",
        {"recording": recording, "course": course, "slices": recording.get_slices()},
    )


def submission_detail(request, submission_id: int):
    submission = _get_or_404(Submission.objects.select_related("assignment", "teacher__profile"), submission_id)
    course = submission_course(submission=submission)
    if not course.is_trainer(request.user):
        raise Http404
    if request.GET.get("download") and submission.file:
        return FileResponse(
            submission.file.open("rb"),
            as_attachment=True,
            filename=f"作业附件-{submission.pk}.{submission.file_kind or 'bin'}",
        )
    if request.method == "POST":
        try:
            score = Decimal(request.POST.get("score", ""))
            services.submission_override(
                submission=submission, trainer=request.user, score=score, comment=request.POST.get("comment", "")
            )
        except InvalidOperation:
            messages.error(request, "请填写数字得分。")
        except services.TrainingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "已改判得分。")
            return redirect("training_admin:course", course_id=course.pk)
    return TemplateResponse(
        request,
        "training/admin/submission_detail.html",
        {"submission": submission, "course": course, "reviews": submission.reviews.select_related("reviewer")},
    )
