"""Page permissions of generated resources, scoped by school and region.

Wagtail's group page permissions on the library say what a role may do (教师: add, so
they edit their own works; trainers and editors: add, change, publish); this tester adds
where: outside their scope a user can do nothing with a work, a rejected work cannot be
resubmitted by its author, and a work that was never published can only be published as the approval
step of school review (so nothing reaches the public around the review).
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from django.db.models import Q

from wagtail.models import PagePermissionTester

from home.upload_scope import RegionOwnershipPermissionPolicy

from .models import ReviewStatus
from .scope import is_own_work, user_in_scope

_approving: ContextVar[tuple[int, int] | None] = ContextVar("review_approving", default=None)


@contextlib.contextmanager
def approving(*, user, page_id: int):
    """Mark that ``user`` is approving ``page_id`` in school review, so Wagtail may publish it as them."""
    token = _approving.set((user.pk, page_id))
    try:
        yield
    finally:
        _approving.reset(token)


class ResourcePermissionTester(PagePermissionTester):
    def _in_scope(self) -> bool:
        return user_in_scope(user=self.user, page=self.page)

    def _own(self) -> bool:
        return is_own_work(user=self.user, page=self.page)

    def _rejected(self) -> bool:
        return self.page.review_status == ReviewStatus.REJECTED

    def can_edit(self):
        if self.user.is_superuser:
            return super().can_edit()
        if not self._in_scope():
            return False
        # A rejected work stays readable to its author (they may keep a copy); it cannot be
        # resubmitted or published (see can_submit_for_moderation / can_publish).
        return super().can_edit()

    def can_delete(self, ignore_bulk=False):
        if not self.user.is_superuser and (not self._in_scope() or (self._own() and self.page.live)):
            return False
        return super().can_delete(ignore_bulk=ignore_bulk)

    def can_publish(self):
        if not self.user.is_active or self.page_is_root:
            return False
        if _approving.get() == (self.user.pk, self.page.pk):
            # Final approval of school review: Wagtail publishes as the approving reviewer.
            return True
        if self.user.is_superuser:
            return True
        if "publish" not in self.permissions or not self._in_scope() or self._own():
            return False
        # Republishing an approved work (a reviewer's correction) is allowed; a first
        # publication must go through school review.
        return (
            self.page.live or self.page.review_status == ReviewStatus.APPROVED
        ) and not self.page.workflow_in_progress

    def can_unpublish(self):
        if not self.user.is_superuser and (not self._in_scope() or self._own()):
            return False
        return super().can_unpublish()

    def can_submit_for_moderation(self):
        # Only the author submits their work; reviewers decide, they do not submit for others.
        if self._rejected() or not self.can_edit() or not (self._own() or self.user.is_superuser):
            return False
        return super().can_submit_for_moderation()

    def can_lock(self):
        return self._in_scope() and super().can_lock()

    def can_unlock(self):
        return self._in_scope() and super().can_unlock()

    def can_set_view_restrictions(self):
        return self.user.is_superuser


class LibraryPermissionTester(PagePermissionTester):
    """The resource library (资源库) page: works are created under it.

    Wagtail's create view publishes a new page when the parent allows ``publish_subpage``;
    it adds the page (live by default) before the revision's own permission check refuses,
    so a refused publish still left the new work public. A work's first publication is the
    approval of school review and nothing else, so no one but a superuser may publish a new
    work from the editor: the 发布 button is not offered and the work is saved as a draft.
    """

    def can_publish_subpage(self):
        return self.user.is_superuser and super().can_publish_subpage()


class ScopedChoosePermissionPolicy(RegionOwnershipPermissionPolicy):
    """Wagtail's collection-ownership policy for documents and images, with "choose" narrowed
    to what the user may see, and change/delete of someone else's upload limited to the people
    the user oversees (``home.upload_scope``: an editor whose region covers the uploader's
    school; Wagtail alone let anyone with "change" on a collection change all of it).

    Every role may choose documents and images in the root collection, which in Wagtail means
    all of them: a colleague's draft attachment, a members-only workshop file, a draft's cover.
    Here a non-superuser chooses only their own uploads and what public pages use, in every
    view that asks the policy: the chooser's listing and search, ``chosen/<id>``,
    chosen-multiple, and the admin API (``ScopedAdminAPIMixin``).
    """

    def __init__(self, model, *, owner_field_name: str):
        super().__init__(model, auth_model=model, owner_field_name=owner_field_name)

    def _visible(self, user) -> Q:
        from ..access import ids_used_by_public_pages

        return Q(**{self.owner_field_name: user}) | Q(id__in=ids_used_by_public_pages(self.model))

    def visible_instances(self, user):
        """Everything the user may see of this model (the admin API lists these)."""
        return self.instances_user_has_any_permission_for(user, ["choose"])

    def may_view_file(self, user, instance) -> bool:
        """Whether ``user`` may fetch the file itself (``home.media``): what they may choose,
        or what a public page uses."""
        signed_in = getattr(user, "is_authenticated", False) and user.is_active
        if signed_in and (user.is_superuser or self.user_has_permission_for_instance(user, "choose", instance)):
            return True
        from ..access import ids_used_by_public_pages

        return instance.pk in ids_used_by_public_pages(self.model)

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        if "choose" in actions and not user.is_superuser:
            instances = instances.filter(self._visible(user))
        return instances

    def user_has_permission_for_instance(self, user, action, instance):
        if not super().user_has_permission_for_instance(user, action, instance):
            return False
        if action == "choose" and not user.is_superuser:
            return self.model.objects.filter(self._visible(user), pk=instance.pk).exists()
        return True
