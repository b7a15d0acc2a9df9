"""Who may see and who reviews a work (审核范围与回避).

Scope: a teacher sees their own works; a school trainer their school's; a county trainer
their county's; an editor their city's or province's (an editor with no region: the whole
site). Review routing: at each level the reviewers are the users responsible for the work's
school or region at that level, minus the author (回避); when nobody is left, the next level
up reviews (school → county → city → province → site editors and superusers).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q

from home.models import Region, Role
from home.people import profile_of, region_covers

from .models import GRANTING_LEVEL, LEVEL_ORDER, RecommendationStatus, ReviewLevel


def page_county(page) -> Region | None:
    """The county a work belongs to: its school's county, else its own region."""
    if page.school_id:
        return page.school.region
    return page.region if page.region_id else None


def region_at_level(page, level: str) -> Region | None:
    """The region deciding at ``level`` for a work: its county, or the enclosing city / province."""
    county = page_county(page)
    if county is None:
        return None
    if level == ReviewLevel.COUNTY:
        return county
    wanted = Region.Level.CITY if level == ReviewLevel.CITY else Region.Level.PROVINCE
    region = county
    while region is not None:
        if region.level == wanted:
            return region
        region = region.parent
    # A municipality has no city level: its top region decides for both.
    return Region.objects.filter(path=county.path.split("/")[0]).first()


def is_own_work(*, user, page) -> bool:
    return bool(user.pk) and (page.author_id == user.pk or page.owner_id == user.pk)


def user_in_scope(*, user, page) -> bool:
    """May ``user`` see this work in the admin (own work, or inside their school or region)?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or is_own_work(user=user, page=page):
        return True
    profile = profile_of(user)
    if profile is None or profile.role == Role.TEACHER:
        return False
    if profile.role == Role.SCHOOL_TRAINER:
        return bool(profile.school_id) and page.school_id == profile.school_id
    if profile.role == Role.EDITOR and not profile.region_id:
        return True
    return region_covers(profile.scope_region, page_county(page))


def scope_q(user, prefix: str = "") -> Q:
    """The works in ``user``'s scope, as a Q on GeneratedResourcePage (``prefix`` for relations)."""
    p = prefix
    own = Q(**{f"{p}author_id": user.pk}) | Q(**{f"{p}owner_id": user.pk})
    if user.is_superuser:
        return Q()
    profile = profile_of(user)
    if profile is None or profile.role == Role.TEACHER:
        return own
    if profile.role == Role.SCHOOL_TRAINER:
        return own | Q(**{f"{p}school_id": profile.school_id}) if profile.school_id else own
    if profile.role == Role.EDITOR and not profile.region_id:
        return Q()
    region = profile.scope_region
    if region is None:
        return own
    return (
        own
        | Region.path_q(region.path, f"{p}school__region__path")
        | (Q(**{f"{p}school__isnull": True}) & Region.path_q(region.path, f"{p}region__path"))
    )


def _candidates(page, level: str):
    """Active users responsible for the work at exactly ``level`` (before recusal)."""
    users = get_user_model().objects.filter(is_active=True)
    if level == ReviewLevel.SITE:
        return users.filter(Q(is_superuser=True) | Q(profile__role=Role.EDITOR, profile__region__isnull=True))
    if level == ReviewLevel.SCHOOL:
        if not page.school_id:
            return users.none()
        return users.filter(profile__role=Role.SCHOOL_TRAINER, profile__school_id=page.school_id)
    county = page_county(page)
    if county is None:
        return users.none()
    paths = county.ancestors_and_self()
    if level == ReviewLevel.COUNTY:
        return users.filter(
            Q(profile__region__path__in=paths)
            | Q(profile__region__isnull=True, profile__school__region__path__in=paths),
            profile__role=Role.COUNTY_TRAINER,
        )
    region_level = Region.Level.CITY if level == ReviewLevel.CITY else Region.Level.PROVINCE
    return users.filter(profile__role=Role.EDITOR, profile__region__path__in=paths, profile__region__level=region_level)


def reviewers_for(*, page, level: str) -> tuple[str, list]:
    """The level that actually reviews and its reviewers, after recusal and escalation."""
    excluded = {pk for pk in (page.author_id, page.owner_id) if pk}
    for current in LEVEL_ORDER[LEVEL_ORDER.index(level) :]:
        users = [u for u in _candidates(page, current).order_by("pk") if u.pk not in excluded]
        if users:
            return current, users
    return ReviewLevel.SITE, []


def user_is_reviewer(*, user, page, level: str) -> bool:
    """Is ``user`` one of the reviewers of this work at ``level`` (after recusal and escalation)?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if is_own_work(user=user, page=page):
        return False
    if user.is_superuser:
        return True
    if not user_in_scope(user=user, page=page):
        return False
    _, users = reviewers_for(page=page, level=level)
    return any(u.pk == user.pk for u in users)


def task_state_ids_reviewable_by(*, user, task) -> list[int]:
    """In-progress task states of ``task`` that ``user`` reviews (for queues and the dashboard)."""
    from wagtail.models import TaskState

    from resources.models import GeneratedResourcePage

    if not getattr(user, "is_authenticated", False):
        return []
    states = TaskState.objects.filter(task=task, status=TaskState.STATUS_IN_PROGRESS).values_list(
        "pk", "workflow_state__object_id"
    )
    page_ids = {int(object_id): pk for pk, object_id in states}
    pages = (
        GeneratedResourcePage.objects.filter(pk__in=page_ids)
        .filter(scope_q(user))
        .select_related("school__region", "region")
    )
    return [page_ids[page.pk] for page in pages if user_is_reviewer(user=user, page=page, level=task.level)]


def withdraw_level(recommendation) -> str:
    """The review level whose authority granted ``recommendation`` (and so may withdraw it)."""
    if recommendation.status == RecommendationStatus.PENDING:
        return ReviewLevel.SCHOOL
    return GRANTING_LEVEL[recommendation.level]


def user_can_withdraw(*, user, recommendation) -> bool:
    """Whoever granted it: the granting user, or a reviewer with the same authority over the work."""
    page = recommendation.page
    if recommendation.status not in (RecommendationStatus.PENDING, RecommendationStatus.ACCEPTED):
        return False
    granter_id = (
        recommendation.nominated_by_id
        if recommendation.status == RecommendationStatus.PENDING
        else recommendation.decided_by_id
    )
    if granter_id == user.pk and user.is_active:
        return True
    return user_is_reviewer(user=user, page=page, level=withdraw_level(recommendation))


def admin_may_see_page(user, page_id: int) -> bool:
    """May ``user`` see this page's title in the admin (explorer, choosers, bulk confirm pages)?

    A resource: only inside the user's scope (their own works, their school or region). Any
    other page: when it is public, or when the user may edit it.
    """
    from wagtail.models import Page

    from home.visibility import path_is_public, restricted_paths
    from resources.models import GeneratedResourcePage

    if user.is_superuser:
        return True
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return True  # nothing to show: the view answers 404 itself
    if page.specific_class is not None and issubclass(page.specific_class, GeneratedResourcePage):
        return GeneratedResourcePage.objects.filter(scope_q(user), pk=page_id).exists()
    if path_is_public(live=page.live, path=page.path, restricted=restricted_paths()):
        return True
    return page.specific.permissions_for_user(user).can_edit()


def user_can_confirm_award(*, user, page) -> bool:
    held = page.award_suspended_level
    return held is not None and user_is_reviewer(user=user, page=page, level=GRANTING_LEVEL[held])
