"""Rules that change surveys: building, publishing, answering, reminding.

Answering keeps who and what apart (see ``surveys.models``): the ``Respondent`` row says who
has answered; the ``Response`` row holds the answers, for an anonymous survey with no user,
the date only and a random key. Capability scores of dimension-tagged questions go to
``research.services.scores_replace`` under a fresh random key, anonymous when the survey is.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from home.people import profile_of
from research.services import Measurement, scores_replace
from resources.review.services import notify

from . import selectors
from .models import QuestionKind, Respondent, Response, Survey

_shuffle = random.SystemRandom().shuffle


def audience_check(*, user, survey: Survey) -> None:
    """Refuse an audience outside the builder's scope (raises ``ValidationError``)."""
    if not (survey.region_id or survey.school_id or survey.workshop_id) and not user.is_superuser:
        raise ValidationError("请至少选择一个区域、学校或工作坊作为发放范围。")
    if survey.region_id and not selectors.scope_regions(user).filter(pk=survey.region_id).exists():
        raise ValidationError("只能向自己负责的区域发放问卷。")
    if survey.school_id and not selectors.scope_schools(user).filter(pk=survey.school_id).exists():
        raise ValidationError("只能向自己负责的学校发放问卷。")
    if survey.workshop_id and not selectors.scope_workshops(user).filter(pk=survey.workshop_id).exists():
        raise ValidationError("只能向自己主持的工作坊发放问卷。")
    if survey.closes_on < survey.opens_on:
        raise ValidationError("截止日期不能早于开始日期。")


@transaction.atomic
def survey_save(*, user, survey: Survey) -> Survey:
    """Create or update a survey's settings and audience after checking the builder's scope."""
    if not selectors.may_build(user):
        raise ValidationError("您没有发起问卷的权限。")
    if survey.pk is None:
        survey.created_by = user
    elif not selectors.can_edit(user, survey):
        raise ValidationError("只有问卷发起人可以修改问卷。")
    elif survey.responses.exists() and Survey.objects.get(pk=survey.pk).anonymous != survey.anonymous:
        # Answers were given under this promise (anonymous answers never shown for fewer than 5).
        raise ValidationError("问卷已有答卷，不能再更改“匿名问卷”设置。")
    audience_check(user=user, survey=survey)
    survey.save()
    return survey


def _editable(user, survey: Survey) -> None:
    if not selectors.can_edit(user, survey):
        raise ValidationError("只有问卷发起人可以修改问卷。")
    if survey.responses.exists():
        raise ValidationError("问卷已有答卷，题目不能再修改。")


def question_check(question) -> None:
    """A question must be answerable: choices need two options, a matrix one row, and only
    scored questions (量表、评分、矩阵) may carry a capability dimension."""
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE) and len(question.option_list) < 2:
        raise ValidationError("单选题和多选题至少需要两个选项（每行一个）。")
    if question.kind == QuestionKind.MATRIX and not question.option_list:
        raise ValidationError("矩阵题至少需要一个小题（每行一个）。")
    if question.dimension_id and not question.is_scored:
        raise ValidationError("只有量表题、评分题和矩阵题可以关联能力维度。")
    if question.dimension_id and question.dimension.is_area:
        raise ValidationError("请选择具体的能力维度，而不是领域。")
    if question.is_section:
        question.required = False


@transaction.atomic
def question_save(*, user, question) -> None:
    survey = question.survey
    _editable(user, survey)
    question_check(question)
    if question.pk is None:
        last = survey.questions.aggregate(m=Max("sort_order"))["m"]
        question.sort_order = 0 if last is None else last + 1
    question.save()


@transaction.atomic
def question_move(*, user, question, up: bool) -> None:
    """Swap a question with its neighbour above (``up``) or below."""
    survey = question.survey
    _editable(user, survey)
    ordered = list(survey.questions.select_for_update().order_by("sort_order", "pk"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, q in enumerate(ordered):
        if q.sort_order != position:
            q.sort_order = position
            q.save(update_fields=["sort_order"])


@transaction.atomic
def question_delete(*, user, question) -> None:
    _editable(user, question.survey)
    question.delete()


@transaction.atomic
def survey_publish(*, user, survey: Survey) -> None:
    if not selectors.can_edit(user, survey):
        raise ValidationError("只有问卷发起人可以发布问卷。")
    if not survey.questions.exclude(kind=QuestionKind.SECTION).exists():
        raise ValidationError("问卷还没有题目，不能发布。")
    audience_check(user=user, survey=survey)
    survey.published = True
    survey.save(update_fields=["published"])


def score_of(question, value) -> float | None:
    """A scored answer on 0–100: Likert 1–5 → 0, 25, 50, 75, 100; rating 1–N → 0 … 100."""
    top = question.scale_max if question.kind == QuestionKind.RATING else 5
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    if not 1 <= number <= top:
        return None
    return (number - 1) * 100 / (top - 1)


def measurements_of(questions, answers: dict) -> list[Measurement]:
    """The mean score per capability dimension of one response's tagged questions."""
    per_dimension: dict = defaultdict(list)
    for question in questions:
        if not question.dimension_id or not question.is_scored:
            continue
        value = answers.get(str(question.pk))
        values = value if question.kind == QuestionKind.MATRIX else [value]
        for item in values or []:
            score = score_of(question, item)
            if score is not None:
                per_dimension[question.dimension].append(score)
    return [Measurement(dimension, sum(s) / len(s)) for dimension, s in per_dimension.items()]


def response_submit(*, user, survey: Survey, answers: dict, today: date | None = None) -> Response:
    """Record one person's answers (already cleaned by ``forms.AnswerForm``).

    Refused when the survey is not open, the person is not in its audience, or has answered."""
    today = today or date.today()
    if not selectors.is_open(survey, today):
        raise ValidationError("问卷不在填写时间内。")
    if not selectors.in_audience(user, survey):
        raise ValidationError("您不在这份问卷的发放范围内。")
    profile = profile_of(user)
    try:
        with transaction.atomic():
            if survey.anonymous:
                _respondent_add_unordered(survey, user)
            else:
                Respondent.objects.create(survey=survey, user=user, answered_on=today)
            response = Response.objects.create(
                survey=survey,
                user=None if survey.anonymous else user,
                submitted_on=today,
                answers=answers,
                **_group_of(profile),
            )
            questions = list(survey.questions.select_related("dimension"))
            measurements = measurements_of(questions, answers)
            if measurements:
                scores_replace(
                    source="survey",
                    source_key=f"survey-response:{uuid.uuid4()}",
                    measurements=measurements,
                    profile=profile,
                    anonymous=survey.anonymous,
                    source_label=survey.title,
                    measured_on=today,
                )
    except IntegrityError as error:
        raise ValidationError("您已经提交过这份问卷，不能重复提交。") from error
    return response


def _respondent_add_unordered(survey: Survey, user) -> None:
    """Add ``user`` to who has answered an anonymous survey, then write every respondent row of
    the survey again, with fresh random keys, in a random order. Answers and scores are stored in
    the order they come in; this keeps the respondents' rows from following that order, both by
    key and in the table itself (what a database dump lists). One answer at a time per survey."""
    list(Survey.objects.select_for_update().filter(pk=survey.pk).values_list("pk", flat=True))
    users = list(survey.respondents.values_list("user_id", flat=True))
    if user.pk in users:
        raise ValidationError("您已经提交过这份问卷，不能重复提交。")
    users.append(user.pk)
    _shuffle(users)
    survey.respondents.all().delete()
    Respondent.objects.bulk_create(Respondent(survey=survey, user_id=pk, answered_on=None) for pk in users)


def _group_of(profile) -> dict:
    """The coarse group of a response (county, school, stage, first subject, teacher stage)."""
    if profile is None:
        return {}
    school = profile.school
    return {
        "region": school.region if school else profile.region,
        "school": school,
        "stage": profile.stage,
        "subject": profile.subjects.order_by("sort_order", "pk").first(),
        "teacher_stage": profile.teacher_stage,
    }


def survey_remind(*, user, survey: Survey, link: str) -> int:
    """发送提醒: a message in the inbox of everyone in the audience who has not answered."""
    if not selectors.can_view_results(user, survey):
        raise ValidationError("您不能为这份问卷发送提醒。")
    if not selectors.is_open(survey):
        raise ValidationError("问卷不在填写时间内，无法发送提醒。")
    waiting = selectors.audience_users(survey).exclude(pk__in=survey.respondents.values("user_id"))
    sent = notify(
        recipients=waiting,
        subject=f"请填写问卷《{survey.title}》",
        body=f"问卷将于 {survey.closes_on.year}年{survey.closes_on.month}月{survey.closes_on.day}日截止，请及时填写。",
        link=link,
        category="survey",
    )
    return len(sent)
