"""Properties of the training parsers of what a teacher posts: quiz answers
(``quiz_answers_clean``) and peer-review rubric scores (``rubric_scores_clean``). Any posted
text gives the cleaned answers or scores within the question's options and the criterion's
points, or a ``TrainingError`` with a Chinese message, never another exception; every value
the form can send reads back."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.strategies import any_text, is_chinese
from training.models import Assignment, MicroLecturePage
from training.services import TrainingError, quiz_answers_clean, rubric_scores_clean

from .factories import QUIZ, RUBRIC

pytestmark = pytest.mark.django_db
DB_SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
QUESTION_IDS = ["single", "multiple", "true-false"]
CRITERION_IDS = ["goal", "activity"]


def _blocks(blocks, ids):
    """StreamField data with the block ids the form's field names carry."""
    return [{"type": kind, "value": value, "id": pk} for (kind, value), pk in zip(blocks, ids, strict=True)]


@pytest.fixture
def lecture(db):
    return MicroLecturePage(title="微课", quiz=_blocks(QUIZ, QUESTION_IDS))


@pytest.fixture
def rubric():
    return Assignment(rubric=_blocks(RUBRIC, CRITERION_IDS)).rubric


answers = st.dictionaries(st.sampled_from(QUESTION_IDS + ["unknown"]), st.lists(any_text, max_size=4), max_size=4)


@DB_SETTINGS
@given(posted=answers)
@example(posted={"single": ["²"]})
@example(posted={"multiple": ["0", "1" * 30]})
@example(posted={"true-false": ["１"], "single": ["٣"]})
def test_any_quiz_answers_are_options_of_the_question_or_refused_in_chinese(lecture, posted):
    try:
        clean = quiz_answers_clean(lecture=lecture, answers=posted)
    except TrainingError as exc:
        assert "测评答案无效" in str(exc)
        return
    assert set(clean) == set(QUESTION_IDS)
    for block in lecture.quiz:
        allowed = (
            {"true", "false"}
            if block.value["kind"] == "true_false"
            else {str(i) for i in range(len(block.value["options"]))}
        )
        assert set(clean[block.id]) <= allowed


@DB_SETTINGS
@given(single=st.integers(0, 1), multiple=st.lists(st.integers(0, 2), max_size=3), truth=st.booleans())
def test_answers_the_form_can_send_read_back(lecture, single, multiple, truth):
    posted = {
        "single": [str(single)],
        "multiple": [str(i) for i in multiple],
        "true-false": ["true" if truth else "false"],
    }
    assert quiz_answers_clean(lecture=lecture, answers=posted) == posted


scores = st.dictionaries(st.sampled_from(CRITERION_IDS + ["unknown"]), any_text, max_size=3)


@DB_SETTINGS
@given(posted=scores)
@example(posted={"goal": "²", "activity": "5"})
@example(posted={"goal": "1" * 30, "activity": "5"})
@example(posted={"goal": "-1", "activity": "１０"})
def test_any_rubric_scores_are_points_within_the_criterion_or_refused_in_chinese(rubric, posted):
    try:
        clean = rubric_scores_clean(rubric=rubric, scores=posted)
    except TrainingError as exc:
        message = str(exc)
        assert is_chinese(message) and "请填写 0 到 10 之间的整数" in message
        return
    assert set(clean) == set(CRITERION_IDS)
    assert all(type(points) is int and 0 <= points <= 10 for points in clean.values())


@DB_SETTINGS
@given(goal=st.integers(0, 10), activity=st.integers(0, 10))
def test_scores_in_range_read_back(rubric, goal, activity):
    posted = {"goal": str(goal), "activity": f" {activity} "}
    assert rubric_scores_clean(rubric=rubric, scores=posted) == {"goal": goal, "activity": activity}


@DB_SETTINGS
@given(points=st.integers(11, 10**30))
def test_scores_above_the_criterion_maximum_are_refused(rubric, points):
    with pytest.raises(TrainingError, match="“目标”请填写 0 到 10 之间的整数"):
        rubric_scores_clean(rubric=rubric, scores={"goal": str(points), "activity": "1"})
