"""Training projects: county trainers and editors manage those of their region in the portal."""

import pytest

from django.urls import reverse

from followup.models import TrainingProject

pytestmark = pytest.mark.django_db


def _data(fw, **overrides):
    data = {
        "name": "岳麓区初中数学教师作业设计研修",
        "year": "2026",
        "region": fw.w.yuelu.pk,
        "organiser": "岳麓区教师发展中心",
        "description": "",
        "courses": [fw.course.pk],
        "workshops": [fw.workshop.pk],
        "participants": "teacher_a\nteacher_a_2、yl_teacher0",
    }
    return data | overrides


def test_a_county_trainer_creates_a_project_with_participants(client, fw):
    client.force_login(fw.w.county_trainer)
    response = client.post(reverse("followup:project_new"), _data(fw))
    assert response.status_code == 302
    project = TrainingProject.objects.get(name="岳麓区初中数学教师作业设计研修")
    assert {u.username for u in project.participants.all()} == {"teacher_a", "teacher_a_2", "yl_teacher0"}
    assert list(project.courses.all()) == [fw.course] and project.region == fw.w.yuelu
    page = client.get(response["Location"]).content.decode()
    assert project.name in page and "参训教师（3 人）" in page


def test_the_region_list_offers_only_the_trainers_region(client, fw):
    client.force_login(fw.w.county_trainer)
    page = client.get(reverse("followup:project_new")).content.decode()
    assert "岳麓区" in page and "芙蓉区" not in page
    response = client.post(reverse("followup:project_new"), _data(fw, region=fw.w.furong.pk))
    assert response.status_code == 400 and TrainingProject.objects.count() == 1


def test_unknown_or_out_of_region_usernames_are_named_and_nothing_is_saved(client, fw):
    client.force_login(fw.w.county_trainer)
    response = client.post(reverse("followup:project_new"), _data(fw, participants="teacher_a teacher_b ghost"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "teacher_b" in page and "ghost" in page and "不在你负责的区域内" in page
    assert TrainingProject.objects.count() == 1  # the fixture's project only


def test_an_edit_keeps_what_was_not_changed(client, fw):
    client.force_login(fw.w.city_editor)
    url = reverse("followup:project_edit", args=[fw.project.pk])
    form = client.get(url).content.decode()
    assert fw.teachers[0].username in form
    response = client.post(url, _data(fw, name="改名后的项目", participants="teacher_a"))
    assert response.status_code == 302
    fw.project.refresh_from_db()
    assert fw.project.name == "改名后的项目" and list(fw.project.participants.all()) == [fw.w.teacher]
