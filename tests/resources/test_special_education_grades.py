"""特殊教育 takes the grades 培智学校 use (一年级–九年级, grouped into 培智低段/中段/高段) alongside
the segments: in the taxonomy, the import, the library filters and the teacher's work form."""

import io
import json

import pytest

from django.core.management import CommandError, call_command

from home import taxonomy_data
from home.models import Grade, Stage, Subject
from resources.models import GeneratedResourcePage
from tests.factories import GeneratedResourcePageFactory
from tests.review.conftest import world as world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

SEGMENTS_AND_GRADES = ["培智低段", "一年级", "二年级", "三年级", "培智中段", "四年级", "五年级", "六年级",
                       "培智高段", "七年级", "八年级", "九年级"]  # fmt: skip


def special(grade: str) -> Grade:
    return Grade.objects.get(stage__name="特殊教育", name=grade)


def test_the_taxonomy_lists_each_segment_then_its_grades():
    names = list(Grade.objects.filter(stage__name="特殊教育").order_by("sort_order").values_list("name", flat=True))
    assert names == SEGMENTS_AND_GRADES == taxonomy_data.GRADES["特殊教育"]
    # The grades of other stages are untouched, and the same name in two stages is two grades.
    assert list(Grade.objects.filter(stage__name="小学").values_list("name", flat=True))[:1] == ["一年级"]
    assert Grade.objects.filter(name="一年级").count() == 2


def test_import_accepts_a_grade_and_a_segment_of_special_education(tmp_path):
    def line(external_id: str, grade: str) -> str:
        return json.dumps(
            {"external_id": external_id, "kind": "teaching_design", "title": f"培智生活语文{grade}教学设计",
             "summary": "认识常见的生活用品。", "body": "一、教学目标", "subject": "生活语文", "stage": "特殊教育",
             "grade": grade, "region": "湖南省/长沙市/岳麓区", "school": "长沙市特殊教育学校", "author": "周丽",
             "tags": [], "published": True},
            ensure_ascii=False,
        )  # fmt: skip

    path = tmp_path / "in.jsonl"
    lines = [line("pz-1", "二年级"), line("pz-2", "培智高段"), line("pz-3", "十年级")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="新建 2 份.*失败 1 行") as failed:
        call_command("import_resources", str(path), stderr=(err := io.StringIO()))
    assert failed.value
    assert GeneratedResourcePage.objects.get(external_id="pz-1").grade == special("二年级")
    assert GeneratedResourcePage.objects.get(external_id="pz-2").grade == special("培智高段")
    assert not GeneratedResourcePage.objects.filter(external_id="pz-3").exists()
    assert "第 3 行：学段“特殊教育”下没有年级“十年级”。" in err.getvalue()


def test_a_segment_filter_finds_its_grades_and_a_grade_filter_only_that_grade(client, library):
    stage = Stage.objects.get(name="特殊教育")
    subject = Subject.objects.get(name="生活数学")
    for title, grade in (("低段通用", "培智低段"), ("二年级认数", "二年级"), ("五年级购物", "五年级")):
        GeneratedResourcePageFactory(parent=library, title=title, stage=stage, subject=subject, grade=special(grade))
    primary = Stage.objects.get(name="小学")
    GeneratedResourcePageFactory(
        parent=library, title="小学二年级", stage=primary, grade=Grade.objects.get(stage=primary, name="二年级")
    )

    def titles(**params) -> set[str]:
        response = client.get(library.url, params)
        assert response.status_code == 200
        return {r.title for r in response.context["resources"]}

    assert titles(stage="特殊教育", grade="培智低段") == {"低段通用", "二年级认数"}
    assert titles(grade="培智低段") == {"低段通用", "二年级认数"}
    assert titles(stage="特殊教育", grade="二年级") == {"二年级认数"}
    assert titles(stage="特殊教育", grade="培智中段") == {"五年级购物"}
    assert titles(stage="小学", grade="二年级") == {"小学二年级"}
    html = client.get(library.url, {"stage": "特殊教育"}).content.decode()
    assert '<option value="二年级">特殊教育 · 二年级（培智低段）</option>' in html
    assert '<option value="培智低段">特殊教育 · 培智低段（一至三年级）</option>' in html


def test_a_teacher_files_a_work_under_a_special_education_grade(client, world):
    client.force_login(world.teacher)
    page = client.get("/workshops/me/works/new/").content.decode()
    assert "四年级（培智中段）</option>" in page
    stage = Stage.objects.get(name="特殊教育")
    data = {
        "kind": "teaching_design",
        "title": "培智生活适应《认识超市》教学设计",
        "stage": stage.pk,
        "grade": special("四年级").pk,
        "subject": Subject.objects.get(name="生活适应").pk,
        "summary": "在模拟超市中学会挑选和付款。",
        "body": "## 教学目标\n\n认识超市的区域。",
        "action": "save",
    }
    response = client.post("/workshops/me/works/new/", data)
    assert response.status_code == 302, response.content.decode()[:500]
    work = GeneratedResourcePage.objects.get(title="培智生活适应《认识超市》教学设计")
    assert work.get_latest_revision_as_object().grade == special("四年级")
    # 小学四年级 is another grade: the form refuses it for 特殊教育.
    primary_fourth = Grade.objects.get(stage__name="小学", name="四年级")
    refused = client.post("/workshops/me/works/new/", {**data, "title": "错配", "grade": primary_fourth.pk})
    assert refused.status_code == 400
    assert "不属于特殊教育" in refused.content.decode()
