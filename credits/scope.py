"""Which ledger entries (学分记录) a user may see and change in the admin.

A school trainer: entries of their school's teachers; a county trainer: of teachers whose school
is in their county; an editor: of teachers whose school lies in their region (an editor without
a region: all); a superuser: all; a teacher: none (the ledger admin is not theirs). The rule is
``home.people.people_in_scope_q`` applied to the entry's teacher.
"""

from __future__ import annotations

from wagtail.permission_policies.base import ModelPermissionPolicy

from home.people import people_in_scope_q

from .models import CreditEntry


def entries_in_scope(user):
    """The ledger entries ``user`` may see and change in the admin (see the module's docstring)."""
    return CreditEntry.objects.filter(people_in_scope_q(user, "teacher__"))


class CreditEntryPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions say what a role may do with the ledger; this says on which
    entries: only those of teachers in the user's scope (edit, delete, inspect, history, usage,
    bulk actions, choosers all ask the policy about an instance or a queryset)."""

    def instances_user_has_any_permission_for(self, user, actions):
        instances = super().instances_user_has_any_permission_for(user, actions)
        return instances.filter(pk__in=entries_in_scope(user).values("pk"))

    def user_has_permission_for_instance(self, user, action, instance):
        if not super().user_has_permission_for_instance(user, action, instance):
            return False
        return entries_in_scope(user).filter(pk=instance.pk).exists()
