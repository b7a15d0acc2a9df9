"""The review demo leaves works in every state and says which login sees what."""

import io

import pytest

from resources import demo_corpus
from resources.demo_data import load
from resources.models import GeneratedResourcePage
from resources.review.models import RecommendationStatus, ReviewNotification, ReviewStatus
from resources.review.selectors import review_queue
from resources.review_demo import WORKS, load_review_demo
from tests.factories import SchoolFactory, UserFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_people(library):
    yuelu = region("湖南省/长沙市/岳麓区")
    school = SchoolFactory(name="长沙市岳麓区第一小学", region=yuelu)
    people = {
        "school_yuelu1": UserFactory(username="school_yuelu1", role="school_trainer", role__school=school),
        "county_yuelu": UserFactory(username="county_yuelu", role="county_trainer", role__region=yuelu),
        "editor_changsha": UserFactory(username="editor_changsha", role="editor", role__region=yuelu.parent),
        "editor_hunan": UserFactory(username="editor_hunan", role="editor", role__region=yuelu.parent.parent),
        "teacher001": UserFactory(username="teacher001", role="teacher", role__school=school),
        "teacher002": UserFactory(username="teacher002", role="teacher", role__school=school),
    }
    return people


def test_demo_puts_works_in_every_state_idempotently(demo_people):
    out = io.StringIO()
    summary = load_review_demo(out)
    works = {
        p.external_id.removeprefix("review-demo-"): p
        for p in GeneratedResourcePage.objects.filter(external_id__startswith="review-demo-")
    }
    state = {key: (p.live, p.review_status, p.recommendation_level) for key, p in works.items()}
    assert state["draft"] == (False, ReviewStatus.DRAFT, 0)
    assert state["in-review"] == (False, ReviewStatus.IN_REVIEW, 0)
    assert state["changes"] == (False, ReviewStatus.CHANGES_REQUESTED, 0)
    assert state["rejected"] == (False, ReviewStatus.REJECTED, 0)
    assert state["published"] == (True, ReviewStatus.APPROVED, 0)
    assert state["nominated"] == (True, ReviewStatus.APPROVED, 1)
    assert state["declined"] == (True, ReviewStatus.APPROVED, 0)
    assert state["county"] == (True, ReviewStatus.APPROVED, 2)
    assert state["city"] == (True, ReviewStatus.APPROVED, 3)
    assert state["province"] == (True, ReviewStatus.APPROVED, 4)
    assert state["withdrawn"] == (True, ReviewStatus.APPROVED, 0)
    assert works["withdrawn"].recommendations.get().status == RecommendationStatus.WITHDRAWN
    assert state["recusal"] == (False, ReviewStatus.IN_REVIEW, 0)
    assert "省级优秀" in summary and "school_yuelu1" in summary and summary in out.getvalue()
    assert "由县级 county_yuelu 审核" in summary  # no second trainer in this school: recusal goes up
    # The queues have something for every reviewer; the demo sends no emails.
    steps = {
        role: {i.step for i in review_queue(user=demo_people[role])}
        for role in demo_people
        if not role.startswith("teacher")
    }
    assert steps["school_yuelu1"] >= {"school_review", "nominate"}
    assert steps["county_yuelu"] >= {"county_review", "school_review"}
    assert steps["editor_changsha"] == {"promote_city"}
    assert steps["editor_hunan"] == {"promote_province"}
    assert not ReviewNotification.objects.filter(emailed_at__isnull=True).exists()
    count = GeneratedResourcePage.objects.count()
    assert load_review_demo(io.StringIO()) == summary
    assert GeneratedResourcePage.objects.count() == count


def test_demo_says_what_is_missing(library):
    assert "缺少账号" in load_review_demo(io.StringIO())


def test_demo_works_are_real_lessons_a_visitor_can_read(demo_people, client):
    load_review_demo(io.StringIO())
    works = GeneratedResourcePage.objects.filter(external_id__startswith="review-demo-").select_related(
        "subject", "stage", "grade"
    )
    assert works.count() == len(WORKS)
    for entry in load("review.json")["works"]:
        work = works.get(external_id=f"review-demo-{entry['key']}")
        # Filed under the subject, stage and grade of the textbook lesson it is about, and about it.
        lesson = demo_corpus.find_lesson(work.stage.name, entry["subject"], entry["lesson"])
        assert (work.subject.name, work.grade.name) == (lesson["subject"], lesson["grade"]), work.title
        text = work.summary + str(work.body)
        if work.kind != "training_summary":
            assert f"《{entry['lesson']}》" in text, work.title
        assert not any(word in text for word in ("演示", "体验审核", "测试")), work.title
    assert works.get(title__contains="《秋天的雨》").subject.name == "语文"
    assert works.get(title__contains="《观潮》").subject.name == "语文"
    # A visitor reads the published ones without a word meant for the developers.
    for work in works.filter(live=True):
        html = client.get(work.url).content.decode()
        assert work.title in html and "演示" not in html and "体验审核" not in html
