"""精准推送: recommendations with their reasons, only what the teacher may see, bounded queries."""

import pytest

from research.recommend import recommendations
from tests.research.conftest import make_teacher
from tests.research.helpers import content, resource, tag
from training.models import Enrolment

pytestmark = pytest.mark.django_db


def test_gap_reason_and_never_a_draft_or_restricted_page(baseline):
    pages = content(baseline)
    recs = recommendations(baseline.teachers_a[0])
    titles = [r.item.title for r in recs]
    assert titles[0] == "初中数学分层作业设计"
    assert recs[0].reason == "你的“作业设计”低于本县初中数学教师平均"
    assert "作业设计草稿课程" not in titles and "作业设计内部课程" not in titles
    assert pages["design"].title in titles  # fits the stage and subject


def test_peers_reason_and_what_the_teacher_already_took_is_left_out(world):
    content(world)
    popular = resource(world, "勾股定理教学设计")
    from tests.training.factories import course

    peers_course = course(title="初中数学课堂提问策略", subject=world.maths, stage=world.junior)
    for peer in world.teachers_a[1:4]:
        Enrolment.objects.create(course=peers_course, teacher=peer)
    teacher = world.teachers_a[0]
    recs = {r.item.title: r.reason for r in recommendations(teacher)}
    assert recs["初中数学课堂提问策略"] == "同学段同学科教师常看"
    assert recs["勾股定理教学设计"] == "适合初中数学教师"
    Enrolment.objects.create(course=peers_course, teacher=teacher)
    assert "初中数学课堂提问策略" not in {r.item.title for r in recommendations(teacher)}
    assert popular.title not in {r.item.title for r in recommendations(teacher, exclude_page_id=popular.pk)}


def test_kind_tags_cover_resources_and_a_draft_resource_is_never_shown(baseline):
    tag(kind="teaching_design", code="homework_design")
    shown = resource(baseline, "分层作业设计案例")
    hidden = resource(baseline, "未发布的作业设计")
    hidden.unpublish()
    recs = {r.item.title: r.reason for r in recommendations(baseline.teachers_a[0])}
    assert recs[shown.title] == "你的“作业设计”低于本县初中数学教师平均"
    assert hidden.title not in recs


def test_query_count_is_bounded(baseline, django_assert_max_num_queries):
    content(baseline)
    for i in range(3):
        resource(baseline, f"教学设计{i}")
    teacher = baseline.teachers_a[0]
    with django_assert_max_num_queries(24) as small:
        recommendations(teacher)
    for i in range(12):
        resource(baseline, f"更多教学设计{i}")
        make_teacher(baseline.school_a, stage=baseline.junior, subject=baseline.maths)
    teacher = type(teacher).objects.get(pk=teacher.pk)
    with django_assert_max_num_queries(len(small.captured_queries)):
        recommendations(teacher)


def test_personal_space_and_resource_page_show_recommendations_to_teachers_only(client, baseline):
    from workshops.models import WorkshopIndexPage

    content(baseline)
    page = resource(baseline, "勾股定理教学设计")
    client.force_login(baseline.teachers_a[0])
    html = client.get(page.url).content.decode()
    assert "为你推荐（精准推送）" in html and "初中数学分层作业设计" in html
    index = WorkshopIndexPage(title="教师工作坊", slug="workshops-x")
    from home.models import HomePage

    HomePage.objects.get().add_child(instance=index)
    space = index.url + index.reverse_subpage("personal_space")
    html = client.get(space).content.decode()
    assert "你的“作业设计”低于本县初中数学教师平均" in html and "/research/me/" in html
    client.force_login(baseline.county)
    assert "为你推荐" not in client.get(page.url).content.decode()
    client.logout()
    assert "为你推荐" not in client.get(page.url).content.decode()


def test_what_is_meant_for_another_stage_or_subject_is_not_recommended(baseline):
    from home.models import Stage
    from tests.training.factories import course

    content(baseline)
    primary = course(title="小学数学作业设计", subject=baseline.maths, stage=Stage.objects.get(name="小学"))
    tag(primary, "homework_design")
    chinese = course(title="初中语文作业设计", subject=baseline.chinese, stage=baseline.junior)
    tag(chinese, "homework_design")
    open_to_all = course(title="作业设计通识", subject=None, stage=None)
    tag(open_to_all, "homework_design")
    recs = {r.item.title: r.reason for r in recommendations(baseline.teachers_a[0])}
    assert primary.title not in recs and chinese.title not in recs
    assert recs[open_to_all.title] == "你的“作业设计”低于本县初中数学教师平均"


def test_the_box_is_kept_per_teacher_and_leaves_out_the_page_shown(client, baseline):
    from django.core.cache import cache
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    first = resource(baseline, "分数的意义教学设计")
    second = resource(baseline, "一元一次方程教学设计")
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "research-box"}}
    with override_settings(CACHES=locmem):
        cache.clear()
        client.force_login(baseline.teachers_a[0])
        box = client.get(first.url).content.decode().split("为你推荐")[1]
        assert second.title in box and first.title not in box
        with CaptureQueriesContext(connection) as queries:
            box = client.get(second.url).content.decode().split("为你推荐")[1]
        assert first.title in box and second.title not in box
        assert not [q for q in queries.captured_queries if "training_enrolment" in q["sql"]]  # from the cache
        cache.clear()


def test_after_an_anonymous_survey_the_groups_weak_point_is_recommended_with_its_reason(world):
    """Anonymous answers give the teacher no score of their own; the group's weakest dimension
    (≥ 5 answers) still drives the recommendation, and the reason says it is the group's."""
    from tests.research.conftest import write_scores

    pages = content(world)
    for i, teacher in enumerate(world.teachers_a + world.teachers_b):
        write_scores(
            teacher, {"homework_design": 45 + i, "lesson_design": 80, "assessment": 75}, f"anon-{i}", anonymous=True
        )
    recs = recommendations(world.teachers_a[0])
    assert recs[0].item.title == pages["homework"].title
    assert recs[0].reason == "本县初中数学教师的“作业设计”较薄弱"
    assert all("你的" not in r.reason for r in recs)  # nothing personal is claimed
    assert "作业设计草稿课程" not in [r.item.title for r in recs]
