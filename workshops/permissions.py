"""Who may do what in a workshop and who sees which community dashboard.

- Hosts (坊主 and 副坊主) manage members, publish plans, create activities, mark attendance,
  push resources and see monitoring. Superusers may act as hosts.
- Members (active) see and take part in everything of their workshop.
- Everyone else sees a members-only workshop's name and introduction only; a public
  workshop's material is readable by all, but taking part needs membership.
- 学校社区: school trainers for their own school; county trainers and editors for any school
  inside their region; superusers everywhere. 区域社区: county trainers and editors for their region.
"""

from __future__ import annotations

from wagtail.models import PagePermissionTester

from home.models import Region, Role, School
from home.people import profile_of, region_covers

from .models.choices import Visibility
from .models.workshop import MemberRole, MemberStatus, WorkshopMembership


def _membership(*, workshop, user) -> WorkshopMembership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    cache = user.__dict__.setdefault("_workshop_memberships", {})
    if workshop.pk not in cache:
        cache[workshop.pk] = WorkshopMembership.objects.filter(workshop_id=workshop.pk, user_id=user.pk).first()
    return cache[workshop.pk]


def forget_membership(*, workshop, user) -> None:
    """Drop the per-request cache after a membership changed."""
    user.__dict__.get("_workshop_memberships", {}).pop(workshop.pk, None)


def is_host(*, workshop, user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or workshop.host_id == user.pk:
        return True
    membership = _membership(workshop=workshop, user=user)
    return bool(membership and membership.status == MemberStatus.ACTIVE and membership.role == MemberRole.CO_HOST)


def is_member(*, workshop, user) -> bool:
    """Active member, co-host or host."""
    if is_host(workshop=workshop, user=user):
        return True
    membership = _membership(workshop=workshop, user=user)
    return bool(membership and membership.status == MemberStatus.ACTIVE and user.is_active)


def can_view_material(*, workshop, user) -> bool:
    """May ``user`` see plans, activities, threads, pushes and files of ``workshop``?"""
    if workshop.visibility == Visibility.PUBLIC and workshop.live:
        return True
    return is_member(workshop=workshop, user=user)


def can_see_school(*, user, school: School) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    profile = profile_of(user)
    if profile is None:
        return False
    if profile.role == Role.SCHOOL_TRAINER:
        return profile.school_id == school.pk
    if profile.role in (Role.COUNTY_TRAINER, Role.EDITOR):
        return region_covers(profile.scope_region, school.region)
    return False


def default_school(*, user) -> School | None:
    """The school a school trainer looks after (others choose one)."""
    profile = profile_of(user)
    if profile and profile.role == Role.SCHOOL_TRAINER:
        return profile.school
    return None


def can_see_region(*, user, region: Region) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    profile = profile_of(user)
    if profile is None or profile.role not in (Role.COUNTY_TRAINER, Role.EDITOR):
        return False
    return region_covers(profile.scope_region, region)


def default_region(*, user) -> Region | None:
    profile = profile_of(user)
    if profile and profile.role in (Role.COUNTY_TRAINER, Role.EDITOR):
        return profile.scope_region
    return None


def can_decide_proposals(*, user) -> bool:
    """Editors (编辑) and superusers approve self-service workshops (自主创建)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    profile = profile_of(user)
    return bool(profile and profile.role == Role.EDITOR)


def workshop_in_admin_scope(*, user, workshop) -> bool:
    """May ``user``'s page permissions act on ``workshop`` in the admin? Role groups hold
    Wagtail's page rights on whole subtrees (home/migrations/0004_role_groups), so on its own
    Wagtail let a trainer or editor anywhere edit, unpublish, move or delete any workshop (the
    URL walk's bulk unpublish did it as another county's trainer). A workshop is looked after
    by its hosts (坊主, 副坊主), the editors and county trainers whose region covers it (an editor
    with no region: all of them) and, for a school's own workshop, that school's trainers."""
    if user.is_superuser or is_host(workshop=workshop, user=user):
        return True
    if workshop.host_id is None:
        # Being created in the admin: Wagtail's rules on the parent decide, and the creator
        # becomes its host (``wagtail_hooks.default_workshop_host``).
        return True
    profile = profile_of(user)
    if profile is None:
        return False
    if profile.role == Role.EDITOR and not profile.region_id:
        return True
    if profile.role in (Role.EDITOR, Role.COUNTY_TRAINER):
        return workshop.region_id is not None and region_covers(profile.scope_region, workshop.region)
    if profile.role == Role.SCHOOL_TRAINER:
        return workshop.school_id is not None and workshop.school_id == profile.school_id
    return False


class WorkshopPagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions on a workshop, limited to those who look after it
    (``workshop_in_admin_scope``): anyone else neither edits, publishes, unpublishes, moves,
    copies, locks nor deletes it, singly or in bulk."""

    def _in_scope(self) -> bool:
        return workshop_in_admin_scope(user=self.user, workshop=self.page)

    def can_edit(self):
        return self._in_scope() and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self._in_scope() and super().can_delete(ignore_bulk=ignore_bulk)

    def can_publish(self):
        return self._in_scope() and super().can_publish()

    def can_unpublish(self):
        return self._in_scope() and super().can_unpublish()

    def can_move(self):
        return self._in_scope() and super().can_move()

    def can_copy(self):
        return self._in_scope() and super().can_copy()

    def can_lock(self):
        return self._in_scope() and super().can_lock()

    def can_unlock(self):
        return self._in_scope() and super().can_unlock()

    def can_submit_for_moderation(self):
        return self._in_scope() and super().can_submit_for_moderation()

    def can_set_view_restrictions(self):
        return self._in_scope() and super().can_set_view_restrictions()
