"""A small world for API tests: public and hidden pages of every kind, and one user per role.

岳麓区 has schools A and B. ``teacher`` (school A) owns a published work, a draft, credits and
an enrolment; ``other`` (school B) owns a draft of their own; trainers and the editor act for
岳麓区. Hidden material (draft, rejected, view-restricted resources; a members-only workshop;
a draft course module) carries ``SECRET`` in its title so a test can look for it anywhere.
"""

from __future__ import annotations

import contextlib
import datetime
import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest

from django.test import Client

from wagtail.models import PageViewRestriction

from api import services
from credits.models import CreditEntry, CreditSource
from resources.models import ReviewStatus
from tests.factories import GeneratedResourcePageFactory, SchoolFactory, UserFactory, attach, region
from tests.training.factories import course, module
from tests.workshops.conftest import make_workshop
from training.models import Enrolment
from workshops.models import Visibility, WorkshopIndexPage

SECRET = "机密标记"
ROLES = ("anonymous", "teacher", "other", "school_trainer", "county_trainer", "editor")


def _resource(library, **fields):
    return GeneratedResourcePageFactory(parent=library, **fields)


@pytest.fixture
def own_search_index(settings):
    """Each test its own Elasticsearch indexes when a node is configured (as in CI), dropped
    afterwards: no test finds another's documents."""
    from search.backends import elasticsearch as es

    settings.SEARCH_INDEX_PREFIX = f"rtpt-test-api-{uuid.uuid4().hex[:8]}"
    settings.SEARCH_ES_REFRESH = True
    es.mark_up()
    yield
    if settings.ELASTICSEARCH_URL:
        with contextlib.suppress(es.Unavailable):
            es.drop_all()


@pytest.fixture
def world(db, library, own_search_index, django_capture_on_commit_callbacks):
    # The commit hooks run, as in production: the search index receives the published work.
    with django_capture_on_commit_callbacks(execute=True):
        return _build_world(library)


def _build_world(library):
    yuelu = region("湖南省/长沙市/岳麓区")
    school_a = SchoolFactory(name="岳麓A校", region=yuelu)
    school_b = SchoolFactory(name="岳麓B校", region=yuelu)
    users = {
        "teacher": UserFactory(username="api_teacher", role="teacher", role__school=school_a),
        "other": UserFactory(username="api_other", role="teacher", role__school=school_b),
        "school_trainer": UserFactory(username="api_school", role="school_trainer", role__school=school_a),
        "county_trainer": UserFactory(username="api_county", role="county_trainer", role__region=yuelu),
        "editor": UserFactory(username="api_editor", role="editor", role__region=yuelu.parent),
    }
    teacher, other = users["teacher"], users["other"]
    public = _resource(
        library, title="勾股定理公开设计", author=teacher, owner=teacher, school=school_a, region=yuelu,
        review_status=ReviewStatus.APPROVED,
    )  # fmt: skip
    public.tags.add("勾股定理")
    public.save()
    attachment = attach(public)
    draft = _resource(library, title=f"{SECRET}草稿", author=teacher, owner=teacher, live=False, school=school_a)
    other_draft = _resource(library, title=f"{SECRET}他人草稿", author=other, owner=other, live=False, school=school_b)
    rejected = _resource(
        library, title=f"{SECRET}未通过", author=other, owner=other, live=False, review_status=ReviewStatus.REJECTED
    )
    restricted = _resource(library, title=f"{SECRET}受限", author=other, owner=other)
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)

    index = WorkshopIndexPage.objects.get()
    open_workshop = make_workshop(index, title="岳麓初中数学工作坊", host=users["county_trainer"], region=yuelu)
    closed_workshop = make_workshop(
        index, title=f"{SECRET}工作坊", host=users["county_trainer"], visibility=Visibility.MEMBERS
    )

    the_course = course(title="单元整体教学设计课程")
    the_course.save_revision().publish()
    live_module = module(the_course, title="模块一：目标")
    live_module.save_revision().publish()
    hidden_module = module(the_course, title=f"{SECRET}模块", live=False)
    Enrolment.objects.create(course=the_course, teacher=teacher)

    CreditEntry.objects.create(
        teacher=teacher, source=CreditSource.COURSE, amount=Decimal("2.0"), hours=Decimal("6.0"),
        description="课程学习：单元整体教学设计", earned_on=datetime.date(2026, 3, 1), source_key="course:test",
    )  # fmt: skip
    CreditEntry.objects.create(
        teacher=other, source=CreditSource.OTHER, amount=Decimal("1.0"), description=f"{SECRET}他人学分",
        source_key="other:test",
    )  # fmt: skip
    return SimpleNamespace(
        users=users, teacher=teacher, other=other, public=public, attachment=attachment, draft=draft,
        other_draft=other_draft, rejected=rejected, restricted=restricted, open_workshop=open_workshop,
        closed_workshop=closed_workshop, course=the_course, live_module=live_module, hidden_module=hidden_module,
        yuelu=yuelu, school_a=school_a,
    )  # fmt: skip


def token_for(user, *scopes: str) -> str:
    scopes = scopes or tuple(services.scopes_allowed(user=user))
    _, secret = services.token_create(user=user, name="测试系统", scopes=list(scopes), days=30)
    return secret


def client_as(world, role: str) -> Client:
    """A client calling as ``role`` with a token carrying every scope the role may hold."""
    if role == "anonymous":
        return Client()
    return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(world.users[role])}")
