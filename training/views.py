"""Learners' actions on training pages (学员操作): POST + CSRF, login required, routed by
``training.urls`` with the page's id.

Each view loads the live page and answers the way Wagtail serves that page (its serve hooks run
first, so a page's view restrictions — password, login, groups — still apply), then calls one
service and announces the result. Completion is decided by the services; a view only tells the
teacher once (``services.enrolment_refresh``).
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect

from wagtail.models import Page

from home.params import parse_id
from home.serving import serve_through_page

from . import services
from .access import login_redirect
from .forms import SubmissionForm
from .models import CourseModulePage, CoursePage, LessonRecordingPage, MicroLecturePage
from .selectors import enrolment_of, peer_review_context


def _live_page(models: tuple[type[Page], ...], page_id) -> Page:
    pk = parse_id(page_id)
    page = Page.objects.live().type(*models).filter(pk=pk).specific().first() if pk is not None else None
    if page is None:
        raise Http404
    return page


def page_action(*models: type[Page]):
    """A view acting on the live page ``page_id`` (of one of ``models``): it receives the page,
    and is reached only where the page itself could be opened; then login and POST are required."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, page_id, **kwargs):
            page = _live_page(models, page_id)

            def respond():
                if (response := login_redirect(request)) is not None:
                    return response
                watchable = getattr(page, "watchable_by", None)
                if watchable is not None and not watchable(request.user):  # no consent for them
                    raise Http404("课堂实录不存在或未获公开授权。")
                if request.method != "POST":
                    return HttpResponseNotAllowed(["POST"])
                return view(request, page, **kwargs)

            return serve_through_page(request, page, respond)

        return wrapper

    return decorator


def _announce_completion(request, enrolment) -> None:
    if services.enrolment_refresh(enrolment=enrolment):
        note = (
            f"已记录 {enrolment.hours_recorded} 学时到学分银行。"
            if enrolment.credit_entry_id
            else enrolment.credit_note
        )
        messages.success(request, f"恭喜！你已完成课程《{enrolment.course.title}》。{note}")


@page_action(CoursePage)
def course_enrol(request, course: CoursePage):
    try:
        enrolment = services.course_enrol(course=course, teacher=request.user)
    except services.TrainingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已加入课程《{course.title}》，可以开始学习了。")
        _announce_completion(request, enrolment)
    return redirect(course.url)


def item_watched(request, page_id):
    """The former "I watched it" button: gone, since watching is recorded from the player's beats."""
    return HttpResponse(
        "“我已看完”按钮已停用：请在页面上播放视频，系统会按实际观看时长自动记录学习。",
        status=410,
        content_type="text/plain; charset=utf-8",
    )


@page_action(MicroLecturePage, LessonRecordingPage)
def item_beat(request, page: MicroLecturePage | LessonRecordingPage):
    """A progress beat from the player: ``t`` is the video's position in seconds. The time of the
    beat is the server's; see ``services.watching``."""
    try:
        enrolment = services.enrolment_for(course=page.module.course, teacher=request.user)
        result = services.watch_beat(user=request.user, page=page, position=request.POST.get("t"))
    except services.TrainingError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    if result.just_watched:
        # The player reloads the page on ``reload``, which shows these messages.
        messages.success(request, f"已记录学习“{page.title}”。")
        _announce_completion(request, enrolment)
    return JsonResponse(
        {
            "watched": result.watched,
            "watched_seconds": result.progress.watched_seconds,
            "credited": round(result.credited, 1),
            "reload": result.just_watched,
        }
    )


@page_action(MicroLecturePage)
def quiz_submit(request, lecture: MicroLecturePage):
    try:
        enrolment = services.enrolment_for(course=lecture.module.course, teacher=request.user)
        answers = {block.id: request.POST.getlist(f"q-{block.id}") for block in lecture.quiz}
        attempt = services.quiz_attempt_submit(lecture=lecture, teacher=request.user, answers=answers)
    except services.TrainingError as exc:
        messages.error(request, str(exc))
        return redirect(lecture.url)
    course = lecture.module.course
    left = course.quiz_attempts_left(attempts=lecture.attempts.filter(teacher=request.user).count())
    if attempt.passed:
        verdict = "合格"
    elif left == 0:
        verdict = f"未达到合格线 {lecture.quiz_pass_percent}%，本节测评的作答次数已用完"
    else:
        again = "可以再试一次" if left is None else f"还可作答 {left} 次"
        verdict = f"未达到合格线 {lecture.quiz_pass_percent}%，{again}"
    messages.success(request, f"测评得分 {attempt.score}/{attempt.max_score}，{verdict}。")
    _announce_completion(request, enrolment)
    return redirect(f"{lecture.url}?attempt={attempt.pk}#quiz")


@page_action(CourseModulePage)
def assignment_submit(request, module: CourseModulePage, assignment_id: int):
    assignment = module.assignments.filter(pk=parse_id(assignment_id)).first()
    if assignment is None:
        raise Http404
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


@page_action(CourseModulePage)
def peer_review_submit(request, module: CourseModulePage, review_id: int):
    # Someone else's review is a 404: its existence is not disclosed.
    context = peer_review_context(module=module, review_id=parse_id(review_id), user=request.user)
    if context is None:
        raise Http404
    review, assignment = context["review"], context["assignment"]
    # Read before the review is stored, so that a completion it brings is announced.
    enrolment = enrolment_of(course=module.course, user=request.user)
    scores = {block.id: request.POST.get(f"score-{block.id}", "") for block in assignment.rubric}
    try:
        services.peer_review_submit(
            review=review, reviewer=request.user, scores=scores, comment=request.POST.get("comment", "")
        )
    except services.TrainingError as exc:
        messages.error(request, str(exc))
        return module.render(request, template="training/peer_review.html", context_overrides=context)
    messages.success(request, "互评已提交，谢谢你的评语。")
    if enrolment is not None:
        _announce_completion(request, enrolment)
    return redirect(f"{module.url}#assignment-{assignment.pk}")
