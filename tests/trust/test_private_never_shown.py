"""Nobody sees what they may not see, and nobody changes what they may not change: every URL
the resolver knows (and every sub-route of the site's routable pages), as every role.

The private material of ``conftest.private_material`` (works in every review state, a
members-only workshop's material, a video on a draft micro-lecture) carries marker titles.
Each URL is requested with the ids of that material filled in:

- GET as anonymous visitors and users outside the teacher's school and region: no marker;
- GET as insiders (a colleague of the same school, the school's trainer, the county's
  trainer, the city's and the province's editors): only what their role opens to them, per
  the project's rules (``resources.review.scope.user_in_scope``: reviewers see the works of
  their school or region in the admin, drafts included; ``home.upload_scope``: they see the
  uploads of the people they oversee; ``workshops.permissions.can_view_material``: only
  members see a members-only workshop's material); a superuser sees everything;
- POST a plausible form (publish, a title, a comment) to every URL as every outsider role, and
  an empty body to every URL anonymously and as one of the signed-in outsiders (they share
  the empty walk): the material is left as it was;
- and no response is a server error.
"""

from __future__ import annotations

import pytest
from wagtailmedia.models import get_media_model

from django.contrib.auth import get_user_model
from django.test import Client

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Revision, WorkflowState

from credits.models import CreditEntry
from diagnosis.models import Attendance, Diagnosis, Invitation, Reply, Slice
from resources.review.models import ReviewDecision
from tests.trust.conftest import COURSE, DIAGNOSIS, IMPORT, SURVEY, VIDEO, WORK, WORKSHOP
from tests.trust.url_walk import concrete_urls, visible_text
from workshops.models import (
    DiscussionThread,
    MemberStatus,
    ResourcePush,
    SameLessonEntry,
    WorkshopActivity,
    WorkshopFile,
    WorkshopMembership,
    WorkshopPlan,
)

OUTSIDERS = (
    None,  # anonymous
    "teacher_other",
    "teacher_same_school",
    "school_trainer_other",
    "county_trainer_other",
    "city_editor_other",
    "province_editor_other",
)
INSIDERS = ("teacher_same_school", "school_trainer", "county_trainer", "city_editor", "province_editor")
# The kinds of marker a role opens to someone other than the teacher (nobody here is a member
# of the teacher's workshop): reviewers in scope see the works of their school or region and
# the uploads of the people they oversee; editors, wherever they are, edit the course tree
# (home/migrations/0004_role_groups: page permissions on the home page); a diagnosis is open to
# its group (the colleague of the same school teaches no 数学, so is not in the 备课组); the
# county trainer and the editors above the workshop's region read the results of a survey sent
# in it (surveys.selectors). An import job (/api/v1/imports/{id}/) is its owner's, the city
# editor's, alone.
OPENS = {
    "school_trainer": {WORK, VIDEO, DIAGNOSIS},  # the 备课组's lead
    "county_trainer": {WORK, VIDEO, DIAGNOSIS, SURVEY},  # the 区级研训组
    "city_editor": {WORK, VIDEO, COURSE, SURVEY, IMPORT},
    "province_editor": {WORK, VIDEO, COURSE, SURVEY},
    "city_editor_other": {COURSE},
    "province_editor_other": {COURSE},
}
PLAUSIBLE_FORM = {"action": "publish", "title": "越权改名", "comment": "越权操作", "confirm": "1"}


def _client(user) -> Client:
    client = Client(raise_request_exception=False, enforce_csrf_checks=False)
    if user is not None:
        client.force_login(user)
    return client


def _closed(material, role) -> list[str]:
    return [m for m, kind in material.markers.items() if kind not in OPENS.get(role, set())]


def _walk(client, urls, markers):
    """GET each URL; the server errors and the URLs that showed a marker."""
    leaks, errors = [], []
    for url in urls:
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{response.status_code} {url}")
            continue
        text = visible_text(response)
        shown = [m for m in markers if m in text]
        if shown:
            leaks.append(f"{url}: {', '.join(shown)}")
    return leaks, errors


@pytest.mark.parametrize("role", OUTSIDERS)
def test_no_url_shows_private_material_to_an_outsider(world, private_material, role):
    closed = _closed(private_material, role)
    assert {private_material.markers[m] for m in closed} >= {WORK, WORKSHOP, VIDEO, DIAGNOSIS}
    urls = concrete_urls(private_material.candidates)
    leaks, errors = _walk(_client(getattr(world, role) if role else None), urls, closed)
    assert errors == [], "server errors:\n" + "\n".join(errors)
    assert leaks == [], "private material shown:\n" + "\n".join(leaks)


@pytest.mark.parametrize("role", INSIDERS)
def test_an_insider_sees_only_what_their_role_opens(world, private_material, role):
    closed = _closed(private_material, role)
    assert WORKSHOP in {private_material.markers[m] for m in closed}
    urls = concrete_urls(private_material.candidates)
    leaks, errors = _walk(_client(getattr(world, role)), urls, closed)
    assert errors == [], "server errors:\n" + "\n".join(errors)
    assert leaks == [], "private material shown:\n" + "\n".join(leaks)


def test_the_walks_find_the_markers_where_they_are_open(world, private_material):
    """The walks are not vacuous: the markers are on the pages they walk, for those they are open to."""
    library = private_material.works[0].get_parent()
    text = visible_text(_client(world.school_trainer).get(f"/admin/pages/{library.pk}/"))
    assert [p.title for p in private_material.works if p.title not in text] == []
    owner = _client(world.teacher)
    workshop_urls = [
        u
        for u in private_material.candidates.page_urls
        if any(k in u for k in ("/threads/", "/activities/", "/same-lesson/"))
    ]
    seen = "".join(visible_text(owner.get(u)) for u in workshop_urls)
    assert "私密标记坊内研讨丑" in seen and "私密标记坊内活动子" in seen
    assert "私密标记同课异构反思未" in seen  # the entry's page, walked by its id
    assert "私密标记同课异构活动酉" in visible_text(owner.get(private_material.candidates.page_urls[-2]))
    assert "私密标记微课视频巳" in visible_text(owner.get("/admin/media/"))
    job_url = f"/api/v1/imports/{private_material.candidates.others[-1]}/"
    assert "私密标记导入任务亥" in visible_text(_client(world.city_editor).get(job_url))
    diagnosis = Diagnosis.objects.get()
    for member in (world.teacher, world.school_trainer, world.county_trainer):
        shown = visible_text(_client(member).get(f"/diagnosis/{diagnosis.pk}/"))
        assert "私密标记切片观察戊辰" in shown and "私密标记切片回复己巳" in shown
    assert "私密标记坊内问卷午" in visible_text(owner.get("/surveys/"))  # the host's own survey
    assert "私密标记坊内问卷午" in visible_text(_client(world.county_trainer).get("/surveys/"))


def test_no_url_fails_for_a_superuser(world, private_material):
    admin = get_user_model().objects.create_superuser("root", "root@example.cn", "pass12345")
    _, errors = _walk(_client(admin), concrete_urls(private_material.candidates), [])
    assert errors == [], "server errors:\n" + "\n".join(errors)


def _snapshot(material, role) -> dict:
    """What a user of the material would notice if someone else changed it; leaving out the
    pages ``role`` may change by its rights (an editor anywhere edits, and so may delete, the
    draft micro-lecture: Wagtail's "change" on the course tree includes deleting)."""
    opened = OPENS.get(role, set())
    editable = [p.pk for p in material.pages if material.markers.get(p.title) in opened]
    editable_ids = [str(pk) for pk in editable]
    state: dict = {}
    for page in material.pages:
        if page.pk in editable:
            continue
        page = Page.objects.get(pk=page.pk).specific
        state[f"page {page.pk}"] = (
            page.live,
            getattr(page, "review_status", None),
            page.title,
            page.latest_revision_id,
            page.locked,
            page.owner_id,
            tuple(WorkflowState.objects.for_instance(page).order_by("pk").values_list("status", flat=True)),
            tuple(PageViewRestriction.objects.filter(page=page).values_list("restriction_type", flat=True)),
        )
    for model, items in (
        (get_document_model(), material.documents),
        (get_image_model(), material.images),
        (get_media_model(), material.media),
    ):
        for item in items:
            item = model.objects.get(pk=item.pk)
            state[f"{model.__name__} {item.pk}"] = (item.title, item.file.name, item.collection_id)
    state["count Page"] = Page.objects.exclude(pk__in=editable).count()
    state["count Revision"] = Revision.objects.exclude(object_id__in=editable_ids).count()
    state["count WorkflowState"] = WorkflowState.objects.exclude(object_id__in=editable_ids).count()
    for model in (
        ReviewDecision,
        get_document_model(),
        get_image_model(),
        get_media_model(),
        CreditEntry,
        WorkshopPlan,
        WorkshopActivity,
        DiscussionThread,
        ResourcePush,
        WorkshopFile,
        SameLessonEntry,
    ):
        state[f"count {model.__name__}"] = model.objects.count()
    state["same lesson entries"] = sorted(
        SameLessonEntry.objects.values_list("pk", "reflection", "recording_id", "time_allocation", "updated_at")
    )
    state["activity cases"] = sorted(WorkshopActivity.objects.values_list("pk", "showcase_case_id"))
    state["diagnoses"] = sorted(
        Diagnosis.objects.values_list("pk", "step", "pre_opinion", "consultation_at", "solution", "updated_at")
    )
    for model in (Slice, Reply, Attendance, Invitation):
        state[f"count {model.__name__}"] = model.objects.count()
    # Asking to join is open to every teacher; an active membership is granted by a host only.
    state["active memberships"] = sorted(
        WorkshopMembership.objects.filter(status=MemberStatus.ACTIVE).values_list("workshop_id", "user_id", "role")
    )
    return state


SIGNED_IN_OUTSIDERS = [role for role in OUTSIDERS if role]


def _post_share(role, urls) -> list[tuple[str, dict]]:
    """The (URL, body) pairs ``role`` POSTs. Every role POSTs every URL with the plausible form
    (the body that asks for something: publish, a title, a comment); anonymous visitors also
    POST every URL empty, and the signed-in outsiders share the empty POSTs round-robin, which
    keeps the walk within the suite's time."""
    urls = list(urls)
    acting = [(url, PLAUSIBLE_FORM) for url in urls]
    if role is None:
        return [(url, {}) for url in urls] + acting
    index, count = SIGNED_IN_OUTSIDERS.index(role), len(SIGNED_IN_OUTSIDERS)
    return [(url, {}) for url in urls[index::count]] + acting


@pytest.mark.parametrize("role", OUTSIDERS)
def test_no_post_by_an_outsider_changes_private_material(world, private_material, role):
    user = getattr(world, role) if role else None
    client = _client(user)
    before = _snapshot(private_material, role)
    errors = []
    for url, data in _post_share(role, concrete_urls(private_material.candidates)):
        response = client.post(url, data)
        if response.status_code >= 500:
            errors.append(f"{response.status_code} POST {url} {data}")
        if user is not None and "_auth_user_id" not in client.session:
            client.force_login(user)  # a sign-out URL ended the session
    after = _snapshot(private_material, role)
    changed = {key: (before[key], after.get(key)) for key in before if before[key] != after.get(key)}
    assert changed == {}, f"changed by POSTs as {role or 'anonymous'}: {changed}"
    assert errors == [], "server errors:\n" + "\n".join(errors)
