"""The framework and the 能力标注 in the admin: editors edit dimensions; trainers tag within their
region or school; only editors without a region tag a whole resource kind. And course results
(a quiz on a micro-lecture of a tagged course) become the teacher's measurements."""

import pytest

from research.models import CapabilityDimension, DimensionScore, DimensionTag
from tests.factories import GeneratedResourcePageFactory
from tests.research.helpers import library, tag
from tests.training.factories import course, lecture, module
from training.models import QuizAttempt

pytestmark = pytest.mark.django_db
DIMENSIONS = "/admin/snippets/research/capabilitydimension/"
TAGS = "/admin/snippets/research/dimensiontag/"


def test_editors_edit_the_framework_trainers_may_not(client, world):
    client.force_login(world.editor)
    assert "作业设计" in client.get(DIMENSIONS).content.decode()
    area = CapabilityDimension.objects.get(code="ability")
    response = client.post(
        DIMENSIONS + "add/",
        {"parent": area.pk, "code": "family_communication", "name": "家校沟通", "description": "", "sort_order": 250},
    )
    assert response.status_code == 302
    assert CapabilityDimension.objects.get(code="family_communication").parent == area
    client.force_login(world.county)
    assert client.get(DIMENSIONS).status_code in (302, 403)


def test_county_trainer_tags_only_within_their_region(client, world):
    mine = GeneratedResourcePageFactory(parent=library(), title="岳麓区作业案例", region=world.yuelu)
    theirs = GeneratedResourcePageFactory(parent=library(), title="芙蓉区作业案例", region=world.furong)
    tag(mine.page_ptr, "homework_design")
    tag(theirs.page_ptr, "homework_design")
    dimension = CapabilityDimension.objects.get(code="assessment")

    client.force_login(world.county)
    listing = client.get(TAGS).content.decode()
    assert "岳麓区作业案例" in listing and "芙蓉区作业案例" not in listing

    refused = client.post(TAGS + "add/", {"dimension": dimension.pk, "page": theirs.pk, "activity": "", "kind": ""})
    assert "该资源不在您负责的范围内。" in refused.content.decode()
    refused = client.post(TAGS + "add/", {"dimension": dimension.pk, "page": "", "activity": "", "kind": "reflection"})
    assert "只有不限区域的编辑可以操作" in refused.content.decode()
    assert not DimensionTag.objects.filter(dimension=dimension).exists()

    accepted = client.post(TAGS + "add/", {"dimension": dimension.pk, "page": mine.pk, "activity": "", "kind": ""})
    assert accepted.status_code == 302
    assert DimensionTag.objects.filter(dimension=dimension, page=mine.page_ptr).exists()

    client.force_login(world.editor)  # an editor without a region: every region and the kinds
    assert "芙蓉区作业案例" in client.get(TAGS).content.decode()
    accepted = client.post(TAGS + "add/", {"dimension": dimension.pk, "page": "", "activity": "", "kind": "reflection"})
    assert accepted.status_code == 302 and DimensionTag.objects.filter(kind="reflection").exists()


def test_a_quiz_on_a_tagged_course_becomes_the_teachers_measurement(world, django_capture_on_commit_callbacks):
    homework = course(title="初中数学分层作业设计", subject=world.maths, stage=world.junior)
    tag(homework, "homework_design")
    clip = lecture(module(homework, title="模块一"), title="分层作业的三种组织方式")
    teacher = world.teachers_a[0]
    with django_capture_on_commit_callbacks(execute=True):
        QuizAttempt.objects.create(lecture=clip, teacher=teacher, score=3, max_score=4, passed=True)
    row = DimensionScore.objects.get(teacher=teacher)
    assert (row.dimension.code, row.score, row.source) == ("homework_design", 75.0, "course")
    assert row.region == world.yuelu and row.subject == world.maths
    with django_capture_on_commit_callbacks(execute=True):
        QuizAttempt.objects.create(lecture=clip, teacher=teacher, score=4, max_score=4, passed=True)
    assert list(DimensionScore.objects.filter(teacher=teacher).values_list("score", flat=True)) == [100.0]
