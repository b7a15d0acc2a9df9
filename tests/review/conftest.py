"""A small province for review tests: two counties of one city, three schools, one user per role and place.

湖南省 / 长沙市 / 岳麓区 has schools A1 and A2; 湖南省 / 长沙市 / 芙蓉区 has school B1;
湖南省 / 株洲市 and 广东省 are "somewhere else" for the editors.
"""

from types import SimpleNamespace

import pytest

from resources.review import services
from resources.review.models import ReviewStatus
from tests.factories import GeneratedResourcePageFactory, SchoolFactory, UserFactory, region


@pytest.fixture
def world(db, library):
    yuelu = region("湖南省/长沙市/岳麓区")
    furong = region("湖南省/长沙市/芙蓉区")
    changsha = yuelu.parent
    hunan = changsha.parent
    zhuzhou = region("湖南省/株洲市/天元区").parent
    guangdong = region("广东省/广州市/天河区").parent.parent
    a1 = SchoolFactory(name="岳麓一中", region=yuelu)
    a2 = SchoolFactory(name="岳麓二中", region=yuelu)
    b1 = SchoolFactory(name="芙蓉一中", region=furong)

    def user(username, role, **kwargs):
        return UserFactory(username=username, role=role, **{f"role__{k}": v for k, v in kwargs.items()})

    w = SimpleNamespace(
        library=library,
        yuelu=yuelu,
        furong=furong,
        changsha=changsha,
        hunan=hunan,
        zhuzhou=zhuzhou,
        guangdong=guangdong,
        a1=a1,
        a2=a2,
        b1=b1,
        teacher=user("teacher_a", "teacher", school=a1),
        teacher_same_school=user("teacher_a_2", "teacher", school=a1),
        teacher_other=user("teacher_b", "teacher", school=b1),
        school_trainer=user("trainer_a1", "school_trainer", school=a1),
        school_trainer_other=user("trainer_a2", "school_trainer", school=a2),
        school_trainer_b=user("trainer_b1", "school_trainer", school=b1),
        county_trainer=user("county_yuelu", "county_trainer", region=yuelu),
        county_trainer_other=user("county_furong", "county_trainer", region=furong),
        city_editor=user("editor_changsha", "editor", region=changsha),
        city_editor_other=user("editor_zhuzhou", "editor", region=zhuzhou),
        province_editor=user("editor_hunan", "editor", region=hunan),
        province_editor_other=user("editor_guangdong", "editor", region=guangdong),
    )
    return w


def make_work(w, *, author=None, school=None, live=False, title="《勾股定理》教学设计", **kwargs):
    """A work by ``author`` (default: the A1 teacher) in their school; a draft unless ``live``."""
    author = author or w.teacher
    school = school or author.profile.school or w.a1
    page = GeneratedResourcePageFactory(
        parent=w.library,
        title=title,
        author=author,
        owner=author,
        author_name=author.username,
        school=school,
        region=school.region,
        live=live,
        review_status=ReviewStatus.APPROVED if live else ReviewStatus.DRAFT,
        **kwargs,
    )
    page.save_revision(user=author)
    return page


def submit(page, user=None):
    """Submit a work to school review as its author, the way the editor's "submit" does."""
    page.refresh_from_db()
    return page.get_workflow().start(page, user or page.owner)


def current_task_state(page):
    page.refresh_from_db()
    return page.current_workflow_task_state


def published(w, **kwargs):
    """A work approved in school review by the A1 trainer (so it is live and approved)."""
    page = make_work(w, **kwargs)
    submit(page)
    services.resource_review_decide(task_state=current_task_state(page), user=w.school_trainer, action="approve")
    page.refresh_from_db()
    return page


def at_level(w, level: int, **kwargs):
    """A published work that reached ``level`` (1 nominated, 2 县级, 3 市级, 4 省级) by the proper reviewers."""
    page = published(w, **kwargs)
    if level >= 1:
        services.recommendation_nominate(page=page, user=w.school_trainer, reason="课例完整，效果好")
    if level >= 2:
        services.recommendation_decide(
            recommendation=page.recommendations.get(status="pending"), user=w.county_trainer, accept=True
        )
    if level >= 3:
        services.recommendation_promote(page=page, user=w.city_editor)
    if level >= 4:
        services.recommendation_promote(page=page, user=w.province_editor)
    page.refresh_from_db()
    return page
