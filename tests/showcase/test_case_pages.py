"""同课异构 cases: the case page, the side-by-side comparison and the recordings."""

import pytest

from wagtail.models import PageViewRestriction

from home.models import HomePage
from showcase.models import CaseDesign, ShowcaseCasePage, ShowcaseIndexPage, Timeline
from tests.showcase.conftest import make_case

pytestmark = pytest.mark.django_db


def test_migration_puts_the_showcase_under_the_home_page(showcase, home_page):
    assert showcase.get_parent().specific == home_page
    assert showcase.url == "/showcase/"
    assert showcase.live
    assert ShowcaseCasePage.can_create_at(showcase)
    assert not ShowcaseCasePage.can_create_at(home_page)
    assert ShowcaseIndexPage.parent_page_types == ["home.HomePage"]
    assert not ShowcaseIndexPage.can_create_at(home_page)  # one showcase section (max_count)


def test_case_page_shows_the_lesson_every_design_and_the_commentary(client, case):
    response = client.get(case.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "《勾股定理》" in html and "人教版" in html and "第十七章 勾股定理" in html
    for design in case.designs.all():
        assert design.teaching_design.school.name in html
        assert design.teaching_design.region.path in html
        assert design.teacher_name in html
        for resource in (design.teaching_design, design.courseware, design.reflection):
            assert f'href="{resource.url}"' in html
        assert f'src="{case.url}recording/{design.pk}/"' in html
    assert "专家点评" in html and "张立新" in html
    assert html.count('class="timeline"') == 3


def test_a_design_whose_teaching_design_is_unpublished_disappears(client, case):
    hidden = case.designs.all()[1]
    hidden.teaching_design.unpublish()
    html = client.get(case.url).content.decode()
    assert hidden.teaching_design.school.name not in html
    assert client.get(f"{case.url}recording/{hidden.pk}/").status_code == 404
    assert len(ShowcaseCasePage.objects.get(pk=case.pk).get_designs()) == 2


def test_restricted_courseware_is_not_linked(client, case):
    design = case.designs.first()
    PageViewRestriction.objects.create(page=design.courseware, restriction_type=PageViewRestriction.LOGIN)
    html = client.get(case.url).content.decode()
    assert design.courseware.url not in html
    assert design.reflection.url in html


def test_comparison_shows_the_chosen_designs_in_aligned_columns(client, case):
    first, second, third = case.designs.all()
    response = client.get(f"{case.url}compare/", {"d": [first.pk, third.pk]})
    assert response.status_code == 200
    html = response.content.decode()
    assert [d.pk for d in response.context["compared"]] == [first.pk, third.pk]
    assert "情境探究版" in html and "合作学习版" in html
    assert second.objectives not in html
    for point in ("课堂实录", "教学目标", "主要活动", "时间分配", "评价方式"):
        assert f'class="point-title">{point}<' in html
    # Every comparison row holds one cell per compared design, in the same order.
    sections = [part.split("</section>")[0] for part in html.split('<section class="compare-point')[1:]]
    rows = [section for section in sections if 'class="compare-row' in section]
    assert len(rows) == 5  # recording, objectives, activities, assessment, resources
    for row in rows:
        assert row.count('class="cell"') == 2
        assert row.index('data-label="情境探究版"') < row.index('data-label="合作学习版"')
    assert html.count("<video") == 2


def test_timelines_share_one_scale(client, case):
    first, _, third = case.designs.all()
    response = client.get(f"{case.url}compare/", {"d": [first.pk, third.pk]})
    html = response.content.decode()
    # 30 and 40 minutes on a 40-minute scale: 拼图探究 (20 min) starts at 5 min = 12.5 % and is 50 % wide.
    assert response.context["timeline"].scale == 40
    assert 'left: 12.50%; width: 50.00%" title="拼图探究：20 分钟"' in html
    assert 'left: 0.00%; width: 62.50%" title="小组合作：25 分钟"' in html
    assert "共 30 分钟" in html and "共 40 分钟" in html


def test_a_wrong_choice_of_designs_explains_and_compares_the_first_ones(client, case):
    only_one = case.designs.first().pk
    response = client.get(f"{case.url}compare/", {"d": [only_one, "x"]})
    assert response.status_code == 200
    assert "请选择 2–3 个教学设计进行对比" in response.content.decode()
    assert len(response.context["compared"]) == 3


def test_comparison_needs_two_public_designs(client, library, showcase):
    case = make_case(library, showcase, designs=2)
    case.designs.first().teaching_design.unpublish()
    assert client.get(f"{case.url}compare/").status_code == 404


def test_recording_streams_whole_or_by_range(client, case):
    design = case.designs.first()
    size = design.recording.file.size
    whole = client.get(f"{case.url}recording/{design.pk}/")
    assert whole.status_code == 200
    assert whole["Content-Type"] == "video/mp4" and whole["Accept-Ranges"] == "bytes"
    assert len(b"".join(whole.streaming_content)) == size
    part = client.get(f"{case.url}recording/{design.pk}/", HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{size}"
    assert len(b"".join(part.streaming_content)) == 100
    tail = client.get(f"{case.url}recording/{design.pk}/", HTTP_RANGE="bytes=-10")
    assert tail["Content-Range"] == f"bytes {size - 10}-{size - 1}/{size}"
    assert client.get(f"{case.url}recording/{design.pk}/", HTTP_RANGE=f"bytes={size}-").status_code == 416


def test_draft_cases_and_their_recordings_are_not_public(client, library, showcase):
    draft = make_case(library, showcase, publish=False)
    design = CaseDesign.objects.filter(page=draft).first()
    assert not draft.live
    assert client.get(f"/showcase/{draft.slug}/").status_code == 404
    assert client.get(f"/showcase/{draft.slug}/recording/{design.pk}/").status_code == 404
    assert client.get(f"/showcase/{draft.slug}/compare/").status_code == 404


def test_a_design_must_use_resources_of_the_right_kind(case):
    design = case.designs.first()
    design.courseware = design.reflection
    with pytest.raises(Exception) as error:
        design.full_clean(exclude=["page"])
    assert "课件" in str(error.value)


def test_timeline_scale_rounds_up_to_five_minutes(case):
    designs = list(case.designs.all())
    timeline = Timeline.for_designs(designs)
    assert timeline.scale == 45
    assert timeline.ticks[0] == (0, 0) and timeline.ticks[-1] == (40, 40 * 100 / 45)
    segments = timeline.segments(designs[1])
    assert [s.start for s in segments] == [0, 5, 35]
    assert sum(s.width_pct for s in segments) == pytest.approx(100)


def test_editors_can_open_the_case_editor(admin_client, case, showcase):
    # The design inline (with its time-allocation StreamField and media chooser) renders in the admin.
    add = admin_client.get(f"/admin/pages/add/showcase/showcasecasepage/{showcase.pk}/")
    assert add.status_code == 200
    assert "教学设计" in add.content.decode() and "时间分配" in add.content.decode()
    edit = admin_client.get(f"/admin/pages/{case.pk}/edit/")
    assert edit.status_code == 200
    assert "情境探究版" in edit.content.decode()


def test_home_page_accepts_the_showcase_section(home_page):
    assert ShowcaseIndexPage in HomePage.allowed_subpage_models()
