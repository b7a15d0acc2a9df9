"""Front-end actions on training pages (RoutablePageMixin routes): thin, POST + CSRF, login required."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from . import services
from .access import submission_visible_to
from .forms import SubmissionForm
from .models import (
    Assignment,
    CourseModulePage,
    CoursePage,
    Enrolment,
    LessonRecordingPage,
    MicroLecturePage,
    PeerReview,
    Submission,
)


def login_required_here(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            messages.info(request, "请先登录。")
            return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
        return view(request, *args, **kwargs)

    return wrapper


def post_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(request, *args, **kwargs)

    return wrapper


def _course_of(page) -> CoursePage:
    module = page if isinstance(page, CourseModulePage) else CourseModulePage.objects.get(pk=page.get_parent().pk)
    return module.course


def _announce_completion(request, enrolment) -> None:
    if services.enrolment_refresh(enrolment=enrolment):
        enrolment.refresh_from_db()
        note = (
            f"已记录 {enrolment.hours_recorded} 学时到学分银行。"
            if enrolment.credit_entry_id
            else enrolment.credit_note
        )
        messages.success(request, f"恭喜！你已完成课程《{enrolment.course.title}》。{note}")


@login_required_here
@post_only
def course_enrol(request, course: CoursePage):
    try:
        enrolment = services.course_enrol(course=course, teacher=request.user)
    except services.TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已加入课程《{course.title}》，可以开始学习了。")
        _announce_completion(request, enrolment)
    return redirect(course.url)


@login_required_here
@post_only
def item_watched(request, page: MicroLecturePage | LessonRecordingPage):
    try:
        enrolment = services.enrolment_for(course=_course_of(page), teacher=request.user)
    except services.TrainingError as exc:
        messages.error(request, str(exc))
        return redirect(page.url)
    services.item_mark_watched(enrolment=enrolment, page=page)
    if request.headers.get("x-requested-with") != "fetch":
        messages.success(request, f"已记录学习“{page.title}”。")
    # The player posts here when the video ends and then reloads, which shows any completion message.
    _announce_completion(request, enrolment)
    if request.headers.get("x-requested-with") == "fetch":
        return HttpResponse(status=204)
    return redirect(page.url)


@login_required_here
@post_only
def quiz_submit(request, lecture: MicroLecturePage):
    try:
        enrolment = services.enrolment_for(course=_course_of(lecture), teacher=request.user)
        answers = {block.id: request.POST.getlist(f"q-{block.id}") for block in lecture.quiz}
        attempt = services.quiz_attempt_submit(lecture=lecture, teacher=request.user, answers=answers)
    except services.TrainingError as exc:
        messages.error(request, str(exc))
        return redirect(lecture.url)
    verdict = "合格" if attempt.passed else f"未达到合格线 {lecture.quiz_pass_percent}%，可以再试一次"
    messages.success(request, f"测评得分 {attempt.score}/{attempt.max_score}，{verdict}。")
    _announce_completion(request, enrolment)
    return redirect(f"{lecture.url}?attempt={attempt.pk}#quiz")


@login_required_here
@post_only
def assignment_submit(request, module: CourseModulePage, assignment_id: int):
    assignment = get_object_or_404(Assignment, pk=assignment_id, module=module)
    form = SubmissionForm(request.POST, request.FILES)
    try:
        enrolment = services.enrolment_for(course=module.course, teacher=request.user)
        if not form.is_valid():
            raise services.TrainingError("；".join(e for errors in form.errors.values() for e in errors))
        services.submission_submit(
            assignment=assignment,
            teacher=request.user,
            text=form.cleaned_data["text"] or "",
            uploaded=form.cleaned_data["attachment"],
        )
    except services.TrainingError as exc:
        messages.error(request, f"作业未提交：{exc}")
        return redirect(f"{module.url}#assignment-{assignment.pk}")
    messages.success(request, f"作业《{assignment.title}》已提交。")
    _announce_completion(request, enrolment)
    return redirect(f"{module.url}#assignment-{assignment.pk}")


@login_required_here
def peer_review(request, module: CourseModulePage, review_id: int):
    # Someone else's review is a 404: its existence is not disclosed.
    review = get_object_or_404(
        PeerReview.objects.select_related("submission__assignment"),
        pk=review_id,
        reviewer=request.user,
        submission__assignment__module=module,
    )
    assignment = review.submission.assignment
    if request.method == "POST":
        scores = {block.id: request.POST.get(f"score-{block.id}", "") for block in assignment.rubric}
        try:
            services.peer_review_submit(
                review=review, reviewer=request.user, scores=scores, comment=request.POST.get("comment", "")
            )
        except services.TrainingError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "互评已提交，谢谢你的评语。")
            enrolment = Enrolment.objects.filter(course=module.course, teacher=request.user).first()
            if enrolment is not None:
                _announce_completion(request, enrolment)
            return redirect(f"{module.url}#assignment-{assignment.pk}")
    number = (
        list(
            PeerReview.objects.filter(reviewer=request.user, submission__assignment=assignment)
            .order_by("pk")
            .values_list("pk", flat=True)
        ).index(review.pk)
        + 1
    )
    return TemplateResponse(
        request,
        "training/peer_review.html",
        {"page": module, "review": review, "assignment": assignment, "submission": review.submission, "number": number},
    )


@login_required_here
def submission_file(request, module: CourseModulePage, submission_id: int):
    submission = get_object_or_404(Submission, pk=submission_id, assignment__module=module)
    if not submission.file or not submission_visible_to(user=request.user, submission=submission):
        raise Http404
    # A neutral file name: peers must not learn the author from it.
    return FileResponse(
        submission.file.open("rb"),
        as_attachment=True,
        filename=f"作业附件-{submission.pk}.{submission.file_kind or 'bin'}",
    )
