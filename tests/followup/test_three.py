"""The 3个1: per participant, whether each of the three works was submitted and approved."""

import csv
import io

import pytest

from django.urls import reverse

from followup import selectors
from resources.review import services
from tests.review.conftest import current_task_state, make_work, published, submit

pytestmark = pytest.mark.django_db


def _returned(w, **kwargs):
    page = make_work(w, **kwargs)
    submit(page)
    services.resource_review_decide(
        task_state=current_task_state(page), user=w.school_trainer, action="reject", comment="请补充"
    )
    return page


@pytest.fixture
def mix(fw):
    w, a, b = fw.w, fw.teachers[0], fw.teachers[1]
    published(w, author=a, title="单元案例甲", kind="unit_case")
    make_work(w, author=a, title="单元案例甲草稿", kind="unit_case")  # the best state counts
    published(w, author=a, title="研修方案甲", kind="research_plan")
    published(w, author=a, title="研修总结甲", kind="training_summary")
    submit(make_work(w, author=b, title="单元案例乙", kind="unit_case"))
    _returned(w, author=b, title="研修方案乙", kind="research_plan")
    make_work(w, author=b, title="研修总结乙", kind="training_summary")
    return fw


def test_the_table_reads_each_works_review_status(mix):
    rows = {r.teacher.pk: r for r in selectors.three_table(mix.project)}
    a, b, c = (rows[t.pk] for t in mix.teachers[:3])
    assert [cell.label for cell in a.cells] == ["已通过", "已通过", "已通过"] and a.complete
    assert [cell.label for cell in b.cells] == ["审核中", "退回修改", "草稿"]
    assert [cell.submitted for cell in b.cells] == [True, True, False]
    assert b.approved_count == 0 and not b.complete
    assert [cell.label for cell in c.cells] == ["未提交"] * 3
    summary = selectors.three_summary(list(rows.values()))
    assert summary["complete"] == 1 and summary["total"] == len(mix.teachers)
    assert summary["kinds"][0] == {"label": "单元整体教学案例", "submitted": 2, "approved": 1}


def test_the_trainer_sees_the_table_and_exports_it(client, mix):
    client.force_login(mix.w.county_trainer)
    url = reverse("followup:three", args=[mix.project.pk])
    page = client.get(url).content.decode()
    assert "三项全部通过" in page and "退回修改" in page
    response = client.get(url + "?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][3:6] == ["单元整体教学案例", "主题式校本研修方案", "研修总结"]
    by_user = {r[1]: r for r in rows[1:]}
    assert by_user[mix.teachers[0].username][3:] == ["已通过", "已通过", "已通过", "3", "是"]
    assert by_user[mix.teachers[1].username][3:] == ["审核中", "退回修改", "草稿", "0", "否"]


def test_the_teacher_sees_their_own_checklist(client, mix):
    client.force_login(mix.teachers[1])
    page = client.get(reverse("followup:mine")).content.decode()
    checklist = page.split('id="three"')[1]
    assert "单元整体教学案例：" in checklist and "审核中" in checklist and "退回修改" in checklist
    assert "研修总结甲" not in page
