"""Results of a survey: per-question figures and cross-tabs, with the ≥ 5 rule.

For an anonymous survey nothing is shown for a group of fewer than ``MIN_GROUP`` respondents:
a question answered by fewer than five people shows no figures and no text answers; in a
cross-tab a group of fewer than five is hidden, and when the hidden groups together count
fewer than five, the smallest shown group is hidden too (otherwise the total minus the
shown groups would give the hidden group away). Text answers are listed in alphabetical
order, never in the order they came in. Real-name surveys show everything to their readers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from home.anonymity import MIN_GROUP

from .models import CHOICE_KINDS, LIKERT_LABELS, QuestionKind, Response, Survey

GROUPINGS = {
    "region": "区县",
    "school": "学校",
    "stage": "学段",
    "subject": "学科",
    "teacher_stage": "发展阶段",
}
HIDDEN_NOTE = f"不足 {MIN_GROUP} 人，不显示"


@dataclass
class Bar:
    label: str
    count: int
    percent: int


@dataclass
class Figure:
    """The answers of one question (or one matrix row) among some respondents."""

    label: str
    n: int
    bars: list[Bar] = field(default_factory=list)
    mean: float | None = None
    hidden: bool = False


@dataclass
class QuestionResult:
    question: object
    n: int
    figures: list[Figure] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    hidden: bool = False
    number: int = 0  # the question's number, section headings not counted


@dataclass
class CrossRow:
    group: str
    figure: Figure


@dataclass
class CrossTab:
    label: str
    columns: list[str]
    scaled: bool
    rows: list[CrossRow]


def _labels(question) -> list[tuple[int, str]]:
    if question.kind in CHOICE_KINDS:
        return list(enumerate(question.option_list))
    if question.kind == QuestionKind.RATING:
        return [(i, str(i)) for i in range(1, question.scale_max + 1)]
    return list(enumerate(LIKERT_LABELS, start=1))


def _items(question) -> list[tuple[str, object]]:
    """(label, reader) per figure of a question: one for most kinds, one per matrix row."""
    key = str(question.pk)
    if question.kind == QuestionKind.MATRIX:

        def row_reader(index):
            def read(answers):
                rows = answers.get(key)
                return rows[index] if isinstance(rows, list) and index < len(rows) else None

            return read

        return [(row, row_reader(i)) for i, row in enumerate(question.option_list)]
    return [(question.text, lambda answers: answers.get(key))]


def figure_of(question, label: str, values: list, *, anonymous: bool) -> Figure:
    values = [v for v in values if v not in (None, "", [])]
    n = len(values)
    if anonymous and n < MIN_GROUP:
        return Figure(label=label, n=n, hidden=True)
    counts: dict[int, int] = defaultdict(int)
    for value in values:
        for item in value if isinstance(value, list) else [value]:
            counts[item] += 1
    bars = [Bar(text, counts[key], round(100 * counts[key] / n) if n else 0) for key, text in _labels(question)]
    mean = None
    if question.kind in (QuestionKind.LIKERT, QuestionKind.RATING, QuestionKind.MATRIX) and n:
        mean = round(sum(values) / n, 2)
    return Figure(label=label, n=n, bars=bars, mean=mean)


def question_results(survey: Survey, responses: list[Response] | None = None) -> list[QuestionResult]:
    responses = list(survey.responses.all()) if responses is None else responses
    anonymous = survey.anonymous
    results = []
    for question in survey.questions.select_related("dimension"):
        if question.is_section:
            results.append(QuestionResult(question=question, n=0))
            continue
        number = sum(1 for r in results if not r.question.is_section) + 1
        key = str(question.pk)
        answered = [r for r in responses if r.answers.get(key) not in (None, "", [])]
        n = len(answered)
        if anonymous and n < MIN_GROUP:
            results.append(QuestionResult(question=question, n=n, hidden=True, number=number))
            continue
        if question.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
            texts = sorted(str(r.answers[key]) for r in answered)
            results.append(QuestionResult(question=question, n=n, texts=texts, number=number))
            continue
        figures = [
            figure_of(question, label, [read(r.answers) for r in responses], anonymous=anonymous)
            for label, read in _items(question)
        ]
        results.append(QuestionResult(question=question, n=n, figures=figures, number=number))
    return results


def _group_label(response: Response, by: str) -> str:
    value = getattr(response, by)
    if value is None:
        return "（未填）"
    return value.name if by == "region" else str(value)


def _suppress(rows: list[CrossRow]) -> None:
    """Hide small groups, and one more when the hidden ones together could be worked out."""
    hidden = [r for r in rows if r.figure.hidden]
    shown = sorted((r for r in rows if not r.figure.hidden), key=lambda r: r.figure.n)
    while hidden and 0 < sum(r.figure.n for r in hidden) < MIN_GROUP and shown:
        row = shown.pop(0)
        row.figure = Figure(label=row.figure.label, n=row.figure.n, hidden=True)
        hidden.append(row)


def crosstabs(survey: Survey, by: str, responses: list[Response] | None = None) -> list[CrossTab]:
    """One table per choice, scale or matrix row: groups (``by``) × answer options."""
    if by not in GROUPINGS:
        return []
    responses = list(survey.responses.select_related(by)) if responses is None else responses
    groups: dict[str, list[Response]] = defaultdict(list)
    for response in responses:
        groups[_group_label(response, by)].append(response)
    tables = []
    for question in survey.questions.all():
        if question.is_section or question.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
            continue
        scaled = question.kind != QuestionKind.SINGLE and question.kind != QuestionKind.MULTIPLE
        for label, read in _items(question):
            rows = [
                CrossRow(
                    group=name,
                    figure=figure_of(question, label, [read(r.answers) for r in members], anonymous=survey.anonymous),
                )
                for name, members in sorted(groups.items())
            ]
            if survey.anonymous:
                _suppress(rows)
            title = label if label == question.text else f"{question.text} · {label}"
            tables.append(CrossTab(title, [text for _, text in _labels(question)], scaled, rows))
    return tables
