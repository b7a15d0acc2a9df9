"""Instant quizzes (即时测评): a micro-lecture's questions scored at once, every attempt kept."""

from __future__ import annotations

from ..models import MicroLecturePage, QuizAttempt
from .enrolment import teacher_check_completion
from .errors import TrainingError


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


