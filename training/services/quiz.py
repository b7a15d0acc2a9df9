"""Instant quizzes (即时测评): a micro-lecture's questions scored at once, every attempt kept.

The course sets how many attempts a teacher has at each quiz (``CoursePage.quiz_max_attempts``,
0 = unlimited) and when the right answers and explanations show (``quiz_feedback``); the
micro-lecture page reads the latter through ``selectors.lecture_context``."""

from __future__ import annotations

from django.db import transaction

from home.params import parse_int

from ..models import Enrolment, MicroLecturePage, QuizAttempt
from .enrolment import teacher_check_completion
from .errors import TrainingError

TRUE_FALSE = ("true", "false")


def quiz_answers_clean(*, lecture: MicroLecturePage, answers: dict[str, list[str]]) -> dict[str, list[str]]:
    """The answers as the quiz form sends them: per question, option indexes ("0", "1" …) or
    "true"/"false". A value the form cannot send (an unknown option, "²", a 30-digit number)
    refuses the whole attempt rather than storing it."""
    clean: dict[str, list[str]] = {}
    for block in lecture.quiz:
        question = block.value
        values = [str(value).strip() for value in answers.get(block.id, [])]
        if question["kind"] == "true_false":
            valid = all(value in TRUE_FALSE for value in values)
        else:
            last = len(question["options"] or []) - 1
            indexes = [parse_int(value, maximum=last) for value in values]
            valid = None not in indexes
            values = [str(index) for index in indexes]
        if not valid:
            raise TrainingError("测评答案无效，请刷新页面后重新作答。")
        clean[block.id] = values
    return clean


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
    answers = quiz_answers_clean(lecture=lecture, answers=answers)
    score, max_score, results = quiz_score(lecture=lecture, answers=answers)
    passed = score * 100 >= lecture.quiz_pass_percent * max_score
    course = lecture.module.course
    with transaction.atomic():
        # The enrolment row is locked so that two attempts sent at once cannot both pass the limit.
        list(Enrolment.objects.select_for_update().filter(course=course, teacher=teacher))
        used = lecture.attempts.filter(teacher=teacher).count()
        if course.quiz_attempts_left(attempts=used) == 0:
            raise TrainingError(f"本节测评最多可作答 {course.quiz_max_attempts} 次，你的作答次数已用完。")
        attempt = QuizAttempt.objects.create(
            lecture=lecture,
            teacher=teacher,
            answers=answers,
            results=results,
            score=score,
            max_score=max_score,
            passed=passed,
        )
    if passed:  # only a pass can change the teacher's progress
        teacher_check_completion(course=lecture.module.course, teacher=teacher)
    return attempt
