"""Portal pages of surveys: 我的问卷, the builder, answering, results and exports (thin views)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import exports, selectors, services
from .forms import AnswerForm, QuestionForm, SurveyForm
from .models import Question, Survey
from .results import GROUPINGS, crosstabs, question_results


def _survey(survey_id: int) -> Survey:
    return get_object_or_404(
        Survey.objects.select_related(
            "region", "school__region", "workshop", "course", "stage", "subject", "teacher_stage", "created_by"
        ),
        pk=survey_id,
    )


def _own_survey(request, survey_id: int) -> Survey:
    survey = _survey(survey_id)
    if not selectors.can_edit(request.user, survey):
        raise PermissionDenied("只有问卷发起人可以编辑问卷。")
    return survey


def _error_text(error: ValidationError) -> str:
    return "；".join(error.messages)


@login_required
def my_surveys(request):
    """我的问卷: the surveys sent to me, and (for builders) those I built or oversee."""
    answered = set(Survey.objects.filter(respondents__user=request.user).values_list("pk", flat=True))
    to_answer = [
        {"survey": s, "answered": s.pk in answered, "open": selectors.is_open(s)}
        for s in selectors.surveys_for(request.user)
    ]
    context = {
        "to_answer": to_answer,
        "may_build": selectors.may_build(request.user),
        "built": selectors.surveys_built_or_overseen(request.user),
    }
    return TemplateResponse(request, "surveys/my_surveys.html", context)


@login_required
def survey_new(request):
    if not selectors.may_build(request.user):
        raise PermissionDenied("只有编辑、培训者和工作坊坊主可以发起问卷。")
    return _settings_form(request, Survey())


@login_required
def survey_edit(request, survey_id: int):
    return _settings_form(request, _own_survey(request, survey_id))


def _settings_form(request, survey: Survey):
    form = SurveyForm(request.POST or None, instance=survey, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_save(user=request.user, survey=form.instance)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, "问卷设置已保存。")
            return redirect("surveys:build", survey_id=form.instance.pk)
    return TemplateResponse(request, "surveys/survey_form.html", {"form": form, "survey": survey})


@login_required
def survey_build(request, survey_id: int):
    """The builder: the questions in order (move, edit, delete) and a form to add one."""
    survey = _own_survey(request, survey_id)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        question = Question(survey=survey)
        form.apply_to(question)
        try:
            services.question_save(user=request.user, question=question)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, "题目已添加。")
            return redirect("surveys:build", survey_id=survey.pk)
    context = {
        "survey": survey,
        "questions": survey.questions.select_related("dimension"),
        "form": form,
        "locked": survey.responses.exists(),
        "audience_count": selectors.audience_users(survey).count(),
    }
    return TemplateResponse(request, "surveys/survey_build.html", context)


@login_required
def question_edit(request, survey_id: int, question_id: int):
    survey = _own_survey(request, survey_id)
    question = get_object_or_404(Question, pk=question_id, survey=survey)
    initial = {
        "kind": question.kind,
        "text": question.text,
        "help_text": question.help_text,
        "required": question.required,
        "options": question.options,
        "scale_max": question.scale_max,
        "dimension": question.dimension_id,
    }
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.apply_to(question)
        try:
            services.question_save(user=request.user, question=question)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, "题目已保存。")
            return redirect("surveys:build", survey_id=survey.pk)
    return TemplateResponse(
        request, "surveys/question_form.html", {"survey": survey, "question": question, "form": form}
    )


def _question_action(request, survey_id: int, question_id: int, action) -> HttpResponse:
    survey = _own_survey(request, survey_id)
    question = get_object_or_404(Question, pk=question_id, survey=survey)
    try:
        action(question)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect("surveys:build", survey_id=survey.pk)


@login_required
@require_POST
def question_move(request, survey_id: int, question_id: int):
    up = request.POST.get("direction") != "down"
    return _question_action(
        request, survey_id, question_id, lambda q: services.question_move(user=request.user, question=q, up=up)
    )


@login_required
@require_POST
def question_delete(request, survey_id: int, question_id: int):
    return _question_action(
        request, survey_id, question_id, lambda q: services.question_delete(user=request.user, question=q)
    )


@login_required
@require_POST
def survey_publish(request, survey_id: int):
    survey = _own_survey(request, survey_id)
    try:
        services.survey_publish(user=request.user, survey=survey)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, "问卷已发布，发放范围内的教师可在“我的问卷”中填写。")
    return redirect("surveys:build", survey_id=survey.pk)


@login_required
def survey_answer(request, survey_id: int):
    """Answer a survey (its audience), or preview it (its builder)."""
    survey = _survey(survey_id)
    builder = selectors.can_edit(request.user, survey)
    member = survey.published and selectors.in_audience(request.user, survey)
    if not (builder or member):
        raise Http404("没有找到这份问卷。")
    answered = selectors.has_answered(request.user, survey)
    questions = survey.questions.select_related("dimension")
    form = AnswerForm(request.POST or None, questions=questions)
    refusal = ""
    if request.method == "POST":
        if not member:
            refusal = "您不在这份问卷的发放范围内，只能预览。"
        elif form.is_valid():
            try:
                services.response_submit(user=request.user, survey=survey, answers=form.answers())
            except ValidationError as error:
                refusal = _error_text(error)
            else:
                messages.success(request, "提交成功，感谢您的参与！")
                return redirect("surveys:mine")
        if refusal:
            messages.error(request, refusal)
    context = {
        "survey": survey,
        "form": form,
        "answered": answered,
        "open": selectors.is_open(survey),
        "preview": not member,
    }
    return TemplateResponse(request, "surveys/survey_answer.html", context, status=400 if refusal else 200)


def _readable(request, survey_id: int) -> Survey:
    survey = _survey(survey_id)
    if not selectors.can_view_results(request.user, survey):
        raise PermissionDenied("只有问卷发起人及其上级培训者、编辑可以查看结果。")
    return survey


@login_required
def survey_results(request, survey_id: int):
    survey = _readable(request, survey_id)
    by = request.GET.get("by", "school")
    if by not in GROUPINGS:
        by = "school"
    responses = list(survey.responses.select_related(*GROUPINGS))
    context = {
        "survey": survey,
        "results": question_results(survey, responses),
        "crosstabs": crosstabs(survey, by, responses),
        "by": by,
        "groupings": GROUPINGS.items(),
        "response_count": len(responses),
        "rates": selectors.response_rate_by_school(survey),
        "open": selectors.is_open(survey),
    }
    return TemplateResponse(request, "surveys/survey_results.html", context)


@login_required
def survey_export_csv(request, survey_id: int):
    survey = _readable(request, survey_id)
    response = HttpResponse(exports.export_csv(survey), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.csv"'
    return response


@login_required
def survey_export_xlsx(request, survey_id: int):
    survey = _readable(request, survey_id)
    response = HttpResponse(
        exports.export_xlsx(survey),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.xlsx"'
    return response


@login_required
@require_POST
def survey_remind(request, survey_id: int):
    survey = _readable(request, survey_id)
    link = reverse("surveys:answer", kwargs={"survey_id": survey.pk})
    try:
        sent = services.survey_remind(user=request.user, survey=survey, link=link)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, f"已向 {sent} 位尚未填写的教师发送提醒。" if sent else "发放范围内的教师都已填写。")
    return redirect("surveys:results", survey_id=survey.pk)
