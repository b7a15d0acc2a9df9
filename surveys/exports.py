"""CSV and XLSX exports of a survey's results, under the same ≥ 5 rule as the results page.

Both carry the same tables: 汇总 (per question), one cross-tab per grouping, 文本回答, and
for a real-name survey only 答卷明细 (one line per respondent). An anonymous survey's export
never has a line per response: only figures of groups of at least five.
"""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

from home.people import display_name

from .models import QuestionKind, Survey
from .results import GROUPINGS, HIDDEN_NOTE, crosstabs, question_results

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """Text a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _summary(results) -> list[list]:
    rows = [["题目", "选项 / 小题", "人数", "比例(%)", "平均分"]]
    for result in results:
        question = result.question
        if question.is_section:
            rows.append([f"【{question.text}】"])
            continue
        if result.hidden:
            rows.append([question.text, HIDDEN_NOTE, result.n])
            continue
        if result.texts:
            rows.append([question.text, "文本回答（见“文本回答”）", result.n])
        for figure in result.figures:
            label = "" if figure.label == question.text else figure.label
            if figure.hidden:
                rows.append([question.text, label, figure.n, HIDDEN_NOTE])
                continue
            for bar in figure.bars:
                rows.append([question.text, f"{label} {bar.label}".strip(), bar.count, bar.percent, ""])
            if figure.mean is not None:
                rows.append([question.text, f"{label} 平均分".strip(), figure.n, "", figure.mean])
    return rows


def _crosstab_rows(survey: Survey, by: str, responses) -> list[list]:
    rows = []
    for table in crosstabs(survey, by, responses):
        rows.append([table.label])
        rows.append([GROUPINGS[by], "人数", *table.columns, *(["平均分"] if table.scaled else [])])
        for row in table.rows:
            if row.figure.hidden:
                rows.append([row.group, HIDDEN_NOTE])
                continue
            cells = [f"{bar.count}（{bar.percent}%）" for bar in row.figure.bars]
            rows.append([row.group, row.figure.n, *cells, *([row.figure.mean] if table.scaled else [])])
        rows.append([])
    return rows


def _texts(results) -> list[list]:
    rows = [["题目", "回答"]]
    for result in results:
        for text in result.texts:
            rows.append([result.question.text, text])
    return rows


def _details(survey: Survey, responses) -> list[list]:
    """Real-name surveys only: one line per respondent."""
    questions = [q for q in survey.questions.all() if not q.is_section]
    header = ["姓名", "区县", "学校", "学段", "学科", "发展阶段", "提交日期"]
    for q in questions:
        header += [f"{q.text} · {row}" for row in q.option_list] if q.kind == QuestionKind.MATRIX else [q.text]
    rows = [header]
    for response in sorted(responses, key=lambda r: (display_name(r.user), str(r.pk))):
        line = [
            display_name(response.user),
            response.region.name if response.region else "",
            str(response.school or ""),
            str(response.stage or ""),
            str(response.subject or ""),
            str(response.teacher_stage or ""),
            response.submitted_on.isoformat(),
        ]
        for q in questions:
            value = response.answers.get(str(q.pk))
            options = q.option_list
            if q.kind == QuestionKind.MATRIX:
                cells = list(value or [])
                line += [(cells[i] if i < len(cells) else "") for i in range(len(options))]
            elif q.kind == QuestionKind.SINGLE:
                line.append(options[value] if isinstance(value, int) and value < len(options) else "")
            elif q.kind == QuestionKind.MULTIPLE:
                line.append("、".join(options[i] for i in value or [] if i < len(options)))
            else:
                line.append("" if value is None else value)
        rows.append(line)
    return rows


def export_tables(survey: Survey) -> list[tuple[str, list[list]]]:
    """(sheet name, rows) for every table of the export."""
    responses = list(survey.responses.select_related("user__profile", *GROUPINGS))
    results = question_results(survey, responses)
    tables = [("汇总", _summary(results))]
    tables += [(f"按{label}", _crosstab_rows(survey, by, responses)) for by, label in GROUPINGS.items()]
    tables.append(("文本回答", _texts(results)))
    if not survey.anonymous:
        tables.append(("答卷明细", _details(survey, responses)))
    return tables


def export_csv(survey: Survey) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([survey.title, f"答卷 {survey.responses.count()} 份", "匿名" if survey.anonymous else "实名"])
    for name, rows in export_tables(survey):
        writer.writerow([])
        writer.writerow([f"== {name} =="])
        writer.writerows([[_cell(v) for v in row] for row in rows])
    # A BOM so that Excel opens the UTF-8 file as Chinese text.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_xlsx(survey: Survey) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in export_tables(survey):
        sheet = workbook.create_sheet(title=name[:31])
        for row in rows:
            sheet.append([_cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
