"""Uploads (documents, images, media) in the admin, scoped by who uploaded them.

Wagtail's ``CollectionOwnershipPermissionPolicy`` lets a user change or delete their own uploads
(with "add" on the collection) and *every* upload of a collection where they hold "change" —
whoever uploaded it, wherever they work. Here changing or deleting someone else's upload also
needs the uploader to be a person the user oversees (``home.people.people_in_scope_q``: same
school for a school trainer, inside the region for a county trainer or an editor, anyone for an
editor without a region). An editor may also change the uploads of the people they oversee in a
collection where they may only add (editors look after their region's material). Superusers are
unrestricted; "choose" and "add" are Wagtail's rules unchanged.

Some uploads are not the overseer's to look after: a feature app hides them with the
``hide_uploads_from_overseers`` hook, a function ``(model=, user=)`` returning a Q of the
uploads ``user`` may not change as an overseer (or None). Their uploader keeps them.
"""

from __future__ import annotations

from django.db.models import Q

from wagtail import hooks
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from .models import Role
from .people import people_in_scope_q, profile_of

CHANGE_ACTIONS = {"change", "delete"}


class RegionOwnershipPermissionPolicy(CollectionOwnershipPermissionPolicy):
    def _others_collections(self, user):
        """Collections where ``user`` may change uploads of people they oversee."""
        profile = profile_of(user)
        actions = ["add", "change"] if profile is not None and profile.role == Role.EDITOR else ["change"]
        return self._collections_with_perm(user, actions)

    def _others_q(self, user) -> Q:
        q = Q(collection__in=self._others_collections(user)) & people_in_scope_q(user, f"{self.owner_field_name}__")
        for hidden_from in hooks.get_hooks("hide_uploads_from_overseers"):
            hidden = hidden_from(model=self.model, user=user)
            if hidden is not None:
                q &= ~hidden
        return q

    def instances_user_has_any_permission_for(self, user, actions):
        if (user.is_active and user.is_superuser) or not (CHANGE_ACTIONS & set(actions)):
            return super().instances_user_has_any_permission_for(user, actions)
        if not user.is_authenticated or not user.is_active:
            return self.model._default_manager.none()
        own = Q(collection__in=self._collections_with_perm(user, ["add", "change"])) & Q(
            **{self.owner_field_name: user}
        )
        instances = self.model._default_manager.filter(own | self._others_q(user))
        rest = set(actions) - CHANGE_ACTIONS
        if rest:
            instances = instances | super().instances_user_has_any_permission_for(user, list(rest))
        return instances

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        rest = set(actions) - CHANGE_ACTIONS
        if rest and super().user_has_any_permission_for_instance(user, list(rest), instance):
            return True
        if not CHANGE_ACTIONS & set(actions):
            return False
        if user.is_active and user.is_superuser:
            return True
        if not user.is_authenticated or not user.is_active:
            return False
        if getattr(instance, f"{self.owner_field_name}_id") == user.pk:
            return super().user_has_any_permission_for_instance(user, ["change"], instance)
        return self.model._default_manager.filter(self._others_q(user), pk=instance.pk).exists()
