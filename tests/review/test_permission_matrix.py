"""The permission matrix of review and recommendation (审核与推优权限矩阵).

Roles × scopes × actions, every cell asserted twice: through the admin (Django test client on
/admin/ URLs) and through the model/service layer. "own" is the user responsible for the
work's school, county, city or province (for a teacher: the author); "other" is the same role
one school, county, city or province away; "colleague" is another teacher of the author's school.
"""

import pytest

from django.contrib.auth.models import AnonymousUser

from wagtail.models import TaskState

from resources.review import services
from resources.review.models import Recommendation, RecommendationStatus
from tests.review.conftest import at_level, current_task_state, make_work, published, submit

pytestmark = pytest.mark.django_db

ACTIONS = [
    "view_draft", "edit", "submit", "approve", "request_changes", "reject", "nominate", "accept", "promote", "withdraw",
]  # fmt: skip

ACTORS = {
    ("teacher", "own"): "teacher",
    ("teacher", "colleague"): "teacher_same_school",
    ("teacher", "other"): "teacher_other",
    ("school_trainer", "own"): "school_trainer",
    ("school_trainer", "other"): "school_trainer_other",
    ("county_trainer", "own"): "county_trainer",
    ("county_trainer", "other"): "county_trainer_other",
    ("city_editor", "own"): "city_editor",
    ("city_editor", "other"): "city_editor_other",
    ("province_editor", "own"): "province_editor",
    ("province_editor", "other"): "province_editor_other",
    ("anonymous", "-"): None,
}

ALLOWED = {
    ("teacher", "own"): {"view_draft", "edit", "submit"},
    # School review routes to the school's trainer; the county only steps in on recusal (tested apart).
    ("school_trainer", "own"): {"view_draft", "edit", "approve", "request_changes", "reject", "nominate", "withdraw"},
    ("county_trainer", "own"): {"view_draft", "edit", "accept", "withdraw"},
    ("city_editor", "own"): {"view_draft", "edit", "promote", "withdraw"},
    ("province_editor", "own"): {"view_draft", "edit", "promote", "withdraw"},
}

CELLS = [(action, role, scope) for action in ACTIONS for (role, scope) in ACTORS]

# The recommendation level a promote / withdraw cell starts from: the step this role grants.
GRANTED_LEVEL = {"school_trainer": 1, "county_trainer": 2, "city_editor": 3, "province_editor": 4}


def actor(world, role, scope):
    name = ACTORS[(role, scope)]
    return AnonymousUser() if name is None else getattr(world, name)


def work_for(world, action, role):
    """The work in the state the action applies to."""
    if action in ("view_draft", "edit", "submit"):
        return make_work(world)
    if action in ("approve", "request_changes", "reject"):
        page = make_work(world)
        submit(page)
        return page
    if action == "nominate":
        return published(world)
    if action == "accept":
        return at_level(world, 1)
    if action == "promote":
        return at_level(world, 3 if role == "province_editor" else 2)
    return at_level(world, GRANTED_LEVEL.get(role, 2))  # withdraw


def snapshot(page):
    """What an action changes: workflow, review status, level, recommendations."""
    page.refresh_from_db()
    state = page.current_workflow_task_state
    return (
        page.live,
        page.review_status,
        page.recommendation_level,
        state.status if state else None,
        list(Recommendation.objects.filter(page=page).order_by("pk").values_list("status", flat=True)),
    )


WORKFLOW_ACTIONS = {"approve": "approve", "request_changes": "reject", "reject": "refuse"}
REVIEW_URL_ACTIONS = {"nominate": "nominate", "accept": "accept", "promote": "promote", "withdraw": "withdraw"}


def service_allows(world, action, user, page) -> bool:
    perms = page.permissions_for_user(user)
    if action == "view_draft":
        return perms.can_edit() or perms.can_publish()
    if action == "edit":
        return perms.can_edit()
    if action == "submit":
        return perms.can_submit_for_moderation()
    try:
        if action in WORKFLOW_ACTIONS:
            services.resource_review_decide(
                task_state=current_task_state(page), user=user, action=WORKFLOW_ACTIONS[action], comment="意见"
            )
        elif action == "nominate":
            services.recommendation_nominate(page=page, user=user)
        elif action == "accept":
            services.recommendation_decide(
                recommendation=page.recommendations.get(status=RecommendationStatus.PENDING), user=user, accept=True
            )
        elif action == "promote":
            services.recommendation_promote(page=page, user=user)
        elif action == "withdraw":
            top = page.recommendations.exclude(status=RecommendationStatus.WITHDRAWN).order_by("-level").first()
            services.recommendation_withdraw(recommendation=top, user=user, reason="材料存在问题")
    except services.ReviewError:
        return False
    return True


def refused(response) -> bool:
    """Wagtail's admin refuses with 403, or redirects (to the login or the dashboard) with a message."""
    if response.status_code == 403:
        return True
    if response.status_code != 302:
        return False
    location = response["Location"]
    return "/login/" in location or location.rstrip("/") == "/admin"


def admin_allows(client, action, user, page) -> bool:
    if not isinstance(user, AnonymousUser):
        client.force_login(user)
    if action == "view_draft":
        response = client.get(f"/admin/pages/{page.pk}/view_draft/")
        return response.status_code == 200 and page.title in response.content.decode()
    if action in ("edit", "submit"):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        if response.status_code != 200:
            assert refused(response)
            return False
        return action == "edit" or 'name="action-submit"' in response.content.decode()
    before = snapshot(page)
    if action in WORKFLOW_ACTIONS:
        state = current_task_state(page)
        url = f"/admin/pages/workflow/action/{page.pk}/{WORKFLOW_ACTIONS[action]}/{state.pk}/"
    else:
        url = f"/admin/review/page/{page.pk}/{REVIEW_URL_ACTIONS[action]}/"
    response = client.post(url, {"comment": "意见明确"})
    changed = snapshot(page) != before
    if not changed:
        assert refused(response), (response.status_code, response.get("Location"))
    return changed


@pytest.mark.parametrize(("action", "role", "scope"), CELLS)
def test_service_layer(world, action, role, scope):
    user = actor(world, role, scope)
    page = work_for(world, action, role)
    expected = action in ALLOWED.get((role, scope), set())
    assert service_allows(world, action, user, page) is expected


@pytest.mark.parametrize(("action", "role", "scope"), CELLS)
def test_admin_views(world, client, action, role, scope):
    user = actor(world, role, scope)
    page = work_for(world, action, role)
    expected = action in ALLOWED.get((role, scope), set())
    assert admin_allows(client, action, user, page) is expected


def test_admin_workflow_actions_reach_the_same_outcome_as_the_services(world, client):
    """Through Wagtail's own workflow action view: approve publishes as the reviewer."""
    page = make_work(world)
    submit(page)
    client.force_login(world.school_trainer)
    state = current_task_state(page)
    client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{state.pk}/", {"comment": ""})
    page.refresh_from_db()
    assert page.live and TaskState.objects.get(pk=state.pk).status == TaskState.STATUS_APPROVED
