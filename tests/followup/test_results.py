"""Results for trainers: the ≥ 5 rule on every page and export, region scope, and the project grade."""

import csv
import io

import pytest

from django.urls import reverse

from followup import results
from followup.services import evaluation
from tests.factories import training_project

pytestmark = pytest.mark.django_db


def _answers(fw, kind, target_id, n, *, score=4, prefix="意见"):
    for i, teacher in enumerate(fw.teachers[:n]):
        evaluation.evaluation_submit(
            user=teacher,
            kind=kind,
            target_id=target_id,
            satisfaction=score,
            effectiveness=score if i % 2 else 5,
            comment=f"{prefix}{i}",
        )


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_four_answers_are_not_shown_anywhere_five_are(client, fw):
    _answers(fw, "course", fw.course.pk, 4, prefix="课程意见")
    _answers(fw, "project", fw.project.pk, 5, prefix="项目意见")
    client.force_login(fw.w.county_trainer)
    page = client.get(reverse("followup:project", args=[fw.project.pk])).content.decode()
    assert page.count(results.TOO_FEW) == 2  # the course (4 answers), the activity (none)
    assert fw.future.title not in page  # not begun: nothing to evaluate yet
    assert "课程意见" not in page
    assert "项目意见0" in page and "项目意见4" in page
    rows = _csv(client.get(reverse("followup:results_csv", args=[fw.project.pk])))
    by_title = {r[1]: r for r in rows[1:]}
    assert by_title[fw.course.title][2] == results.TOO_FEW and not any(by_title[fw.course.title][3:])
    assert by_title[fw.project.name][2:5] == ["5", "4.00", "4.60"]
    assert "课程意见" not in "".join(",".join(r) for r in rows)
    grades = client.get(reverse("followup:grades")).content.decode()
    assert "课程意见" not in grades and "良好" in grades


def test_grade_counts_only_targets_with_five_answers(fw):
    assert results.project_grade(fw.project).grade == results.NO_GRADE
    _answers(fw, "project", fw.project.pk, 5, score=5)
    _answers(fw, "course", fw.course.pk, 4, score=1)  # below 5: not counted
    grade = results.project_grade(fw.project)
    assert (grade.score, grade.grade, grade.counted, grade.targets) == (5, "优秀", 1, 3)
    _answers(fw, "activity", fw.activity.pk, 6, score=1)
    grade = results.project_grade(fw.project)
    # project 5.00, activity: mean of (1+5)/2 and (1+1)/2 over 6 answers -> 2.00; together 3.50
    assert (grade.score, grade.grade, grade.counted) == (results._round("3.5"), "良好", 2)


@pytest.mark.parametrize(
    ("score", "label"), [("4.5", "优秀"), ("4.49", "良好"), ("3.5", "良好"), ("2.5", "合格"), ("2.49", "待改进")]
)
def test_grade_bounds(score, label):
    assert results.grade_for(results._round(score)) == label


def test_editors_compare_projects_of_their_region_only(client, fw):
    other = training_project(region=fw.w.furong, name="芙蓉区班主任能力提升")
    elsewhere = training_project(region=fw.w.zhuzhou, name="株洲市校长研修")
    client.force_login(fw.w.city_editor)
    page = client.get(reverse("followup:grades")).content.decode()
    assert fw.project.name in page and other.name in page and elsewhere.name not in page
    rows = _csv(client.get(reverse("followup:grades") + "?format=csv"))
    assert rows[0][5] == "等级" and {r[0] for r in rows[1:]} == {fw.project.name, other.name}


def test_a_trainer_of_another_county_sees_nothing_of_the_project(client, fw):
    _answers(fw, "project", fw.project.pk, 5, prefix="项目意见")
    client.force_login(fw.w.county_trainer_other)
    for name in ("followup:project", "followup:results_csv", "followup:three", "followup:project_edit"):
        assert client.get(reverse(name, args=[fw.project.pk])).status_code == 404
    assert fw.project.name not in client.get(reverse("followup:projects")).content.decode()
    assert fw.project.name not in client.get(reverse("followup:grades")).content.decode()


@pytest.mark.parametrize("who", ["teacher", "school_trainer"])
def test_teachers_and_school_trainers_do_not_manage_projects(client, fw, who):
    client.force_login(getattr(fw.w, who))
    assert client.get(reverse("followup:projects")).status_code == 403
    assert client.get(reverse("followup:project", args=[fw.project.pk])).status_code == 403


def test_the_results_page_shows_each_person_what_they_are_responsible_for(client, fw):
    """评价结果: a course's trainer sees the course, the workshop's host its activity, the project's
    manager the project; each under the ≥ 5 rule, on the page and in the CSV; others see none."""
    fw.course.trainers.set([fw.w.school_trainer])
    fw.course.save()
    _answers(fw, "course", fw.course.pk, 5, prefix="课程意见")
    _answers(fw, "activity", fw.activity.pk, 4, prefix="活动意见")
    _answers(fw, "project", fw.project.pk, 6, prefix="项目意见")
    url = reverse("followup:results")

    client.force_login(fw.w.school_trainer)
    page = client.get(url).content.decode()
    assert "课程意见4" in page and fw.activity.title not in page and fw.project.name not in page
    rows = _csv(client.get(url + "?format=csv"))
    assert [r[1] for r in rows[1:]] == [fw.course.title] and rows[1][2] == "5"

    client.force_login(fw.w.county_trainer)  # the workshop's host and the project's manager
    page = client.get(url).content.decode()
    assert fw.project.name in page and "项目意见5" in page
    assert fw.activity.title in page and "活动意见" not in page and results.TOO_FEW in page
    assert fw.course.title not in page
    rows = {r[1].split("（")[0]: r for r in _csv(client.get(url + "?format=csv"))[1:]}
    assert rows[fw.activity.title][2:] == [results.TOO_FEW, "", "", ""]
    assert "活动意见" not in "".join(",".join(r) for r in rows.values())

    for outsider in (fw.w.county_trainer_other, fw.teachers[0]):
        client.force_login(outsider)
        page = client.get(url).content.decode()
        assert "还没有收到评价" in page
        assert fw.project.name not in page and fw.course.title not in page and fw.activity.title not in page
