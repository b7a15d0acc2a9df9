"""跟踪与评价 for teachers and mentors (portal pages). Thin: rules live in ``followup.services``;
someone else's task or mentee is a 404 here."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from workshops.http import id_or_404, login_redirect

from . import results, selectors
from .access import is_manager
from .forms import EvaluationForm, TaskForm
from .models import MentorAssignment
from .services import FollowupError, evaluation, mentoring
from .views_manage import csv_response


def signed_in(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return login_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper


def _mine_url() -> str:
    return reverse("followup:mine")


@signed_in
def mine(request):
    """个人的跟踪与评价: 待评价, mentors' notes and tasks, the 3个1 checklist."""
    context = selectors.my_followup(user=request.user)
    context["pending"] = evaluation.pending_targets(user=request.user)
    context["is_mentor"] = MentorAssignment.objects.filter(mentor=request.user).exists()
    context["is_manager"] = is_manager(request.user)
    return render(request, "followup/mine.html", context)


@signed_in
def evaluate(request, kind: str, target_id: int):
    target = evaluation.target_of(kind=kind, target_id=id_or_404(target_id))
    if target is None or not evaluation.is_participant(user=request.user, target=target):
        raise Http404("没有找到你参加过的这项课程、活动或项目。")
    done = evaluation.has_evaluated(user=request.user, target=target)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and not done and form.is_valid():
        try:
            evaluation.evaluation_submit(user=request.user, kind=target.kind, target_id=target.id, **form.cleaned_data)
        except FollowupError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "感谢评价！你的评价以匿名方式保存，任何人都无法看到是谁填写的。")
            return HttpResponseRedirect(_mine_url())
    status = 400 if request.method == "POST" and not done else 200
    return render(request, "followup/evaluate.html", {"target": target, "form": form, "done": done}, status=status)


@require_POST
@signed_in
def task_done(request, task_id: int):
    try:
        mentoring.task_complete(
            teacher=request.user,
            task_id=id_or_404(task_id),
            note=request.POST.get("note", ""),
            work_id=request.POST.get("work") or None,
        )
    except FollowupError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "任务已标记完成，导师会收到通知。")
    return HttpResponseRedirect(_mine_url() + "#tasks")


@signed_in
def results_page(request):
    """评价结果: the evaluations of what the user is responsible for (projects they manage, courses
    they train, activities of workshops they host or that lie in their region); ?format=csv exports."""
    rows = results.results_in_scope(request.user)
    if request.GET.get("format") == "csv":
        return csv_response(results.result_rows(rows), "evaluation-results.csv")
    return render(request, "followup/results.html", {"results": rows, "too_few": results.TOO_FEW})


@signed_in
def mentor_home(request):
    rows = selectors.mentees_of(mentor=request.user)
    return render(request, "followup/mentor.html", {"rows": rows})


def _assignment(request, assignment_id) -> MentorAssignment:
    assignment = mentoring.assignment_of_mentor(user=request.user, assignment_id=id_or_404(assignment_id))
    if assignment is None:
        raise Http404("没有找到这位学员。")
    return assignment


@signed_in
def mentee(request, assignment_id: int):
    context = selectors.mentee_overview(_assignment(request, assignment_id))
    context["task_form"] = TaskForm()
    return render(request, "followup/mentee.html", context)


@require_POST
@signed_in
def note_add(request, assignment_id: int):
    assignment = _assignment(request, assignment_id)
    try:
        mentoring.note_add(mentor=request.user, assignment_id=assignment.pk, body=request.POST.get("body", ""))
    except FollowupError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "指导意见已发送给学员。")
    return HttpResponseRedirect(reverse("followup:mentee", args=[assignment.pk]) + "#notes")


@require_POST
@signed_in
def task_add(request, assignment_id: int):
    assignment = _assignment(request, assignment_id)
    try:
        mentoring.task_add(
            mentor=request.user,
            assignment_id=assignment.pk,
            title=request.POST.get("title", ""),
            details=request.POST.get("details", ""),
            due_on=request.POST.get("due_on", ""),
            kind=request.POST.get("kind", ""),
        )
    except FollowupError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "跟踪任务已布置，学员会收到通知。")
    return HttpResponseRedirect(reverse("followup:mentee", args=[assignment.pk]) + "#tasks")
