"""Anonymity of evaluations: an editor (or anyone with a database export) cannot link an answer to a person.

The answers table has no user column, no time column and no link to the receipts; and the order in
which people evaluated cannot be recovered from the answers' keys or their storage order.
"""

import pytest

from django.db import connection

from followup.models import EvaluationAnswer, EvaluationReceipt
from followup.services import evaluation

pytestmark = pytest.mark.django_db


def _columns(model) -> dict[str, str]:
    with connection.cursor() as cursor:
        description = connection.introspection.get_table_description(cursor, model._meta.db_table)
    return {c.name: c.type_code for c in description}


def test_the_answer_table_has_no_user_no_time_and_no_receipt_link():
    columns = _columns(EvaluationAnswer)
    assert set(columns) == {"id", "box_id", "satisfaction", "effectiveness", "comment"}
    related = {f.related_model for f in EvaluationAnswer._meta.get_fields() if f.is_relation}
    assert related == {EvaluationAnswer._meta.get_field("box").related_model}
    assert not {f.get_internal_type() for f in EvaluationAnswer._meta.get_fields() if not f.is_relation} & {
        "DateTimeField",
        "DateField",
        "AutoField",
        "BigAutoField",
    }


def _storage_order(box_id) -> list[str]:
    """The answers' comments in the order the database stores them (rowid / ctid), as an export reads them."""
    table = EvaluationAnswer._meta.db_table
    physical = "ctid" if connection.vendor == "postgresql" else "rowid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT comment FROM {table} WHERE box_id = %s ORDER BY {physical}", [box_id])  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def _evaluate_in_known_order(fw, kind, target_id) -> list[str]:
    said = []
    for n, teacher in enumerate(fw.teachers):
        comment = f"第{n}位"
        evaluation.evaluation_submit(
            user=teacher, kind=kind, target_id=target_id, satisfaction=1 + n % 5, effectiveness=5, comment=comment
        )
        said.append(comment)
    return said


def _answer_orders(box_id) -> list[list[str]]:
    answers = EvaluationAnswer.objects.filter(box_id=box_id)
    return [
        list(answers.order_by("pk").values_list("comment", flat=True)),
        list(answers.order_by().values_list("comment", flat=True)),
        _storage_order(box_id),
    ]


def _check_not_recoverable(fw):
    """Seven people evaluate three targets in a known order; the receipts keep that order (they are
    the participation table), the answers keep it in none of their orders. A random order matches
    by chance with probability 1/5040 per target; three targets together 1/5040³."""
    targets = [("course", fw.course.pk), ("activity", fw.activity.pk), ("project", fw.project.pk)]
    matches = []
    for kind, target_id in targets:
        said = _evaluate_in_known_order(fw, kind, target_id)
        receipts = EvaluationReceipt.objects.filter(box__kind=kind, box__target_id=target_id).order_by("pk")
        assert [r.user_id for r in receipts] == [t.pk for t in fw.teachers]
        box_id = receipts[0].box_id
        orders = _answer_orders(box_id)
        assert all(sorted(order) == sorted(said) for order in orders)
        matches.append([order == said for order in orders])
    assert not all(m[0] for m in matches), "keys follow the order of evaluation"
    assert not all(m[1] for m in matches), "the default listing follows the order of evaluation"
    assert not all(m[2] for m in matches), "the storage order follows the order of evaluation"


def test_the_order_of_evaluation_cannot_be_recovered_from_the_answers(fw):
    """On SQLite (rowid) and PostgreSQL (ctid) alike."""
    _check_not_recoverable(fw)


def test_every_new_answer_gives_the_targets_answers_new_keys(fw):
    evaluation.evaluation_submit(
        user=fw.teachers[0], kind="project", target_id=fw.project.pk, satisfaction=4, effectiveness=4
    )
    first = set(EvaluationAnswer.objects.values_list("pk", flat=True))
    evaluation.evaluation_submit(
        user=fw.teachers[1], kind="project", target_id=fw.project.pk, satisfaction=2, effectiveness=3
    )
    second = set(EvaluationAnswer.objects.values_list("pk", flat=True))
    assert len(second) == 2 and not first & second
    assert sorted(EvaluationAnswer.objects.values_list("satisfaction", flat=True)) == [2, 4]
