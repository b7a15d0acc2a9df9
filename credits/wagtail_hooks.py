"""学分银行 (credit bank) in the admin: credit rules and the ledger as snippets (editors may change
rules and correct entries, trainers may view the ledger — see the permissions moved with the models).

The ledger is scoped: a user sees and changes only entries of teachers in their scope
(``credits.scope``), in the listing through the viewset's queryset and everywhere else through
the permission policy registered for ``CreditEntry``. Every change of an entry in the admin is
recorded with its old and new values (``credits.entry_change``, shown on the entry's history).
"""

from django.conf import settings
from django.http import Http404
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter, log
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import (
    DeleteView,
    EditView,
    HistoryView,
    InspectView,
    SnippetViewSet,
    SnippetViewSetGroup,
    UsageView,
)

from resources.review.services import notify

from .models import CreditEntry, CreditRule
from .records import can_import_records
from .records_admin import import_credit_records
from .scope import CreditEntryPermissionPolicy, entries_in_scope

ENTRY_CHANGE_ACTION = "credits.entry_change"
# The fields whose changes the history names, with their labels.
AUDITED_FIELDS = ("amount", "hours", "source", "description", "earned_on", "teacher", "source_key", "verified_by")

entry_policy = CreditEntryPermissionPolicy(CreditEntry)
# exact_class: the snippet registration below must find this policy, not a default one.
register_permission_policy(CreditEntry, entry_policy, exact_class=True)


def _shown(entry: CreditEntry, name: str) -> str:
    field = CreditEntry._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(getattr(entry, name), getattr(entry, name)))
    if field.is_relation:
        value = getattr(entry, field.attname)
        return "" if value is None else str(value)
    value = getattr(entry, name)
    return "" if value is None else str(value)


def entry_changes(old: CreditEntry, new: CreditEntry) -> list[dict]:
    """The audited fields that differ between two states of an entry, with both values."""
    changes = []
    for name in AUDITED_FIELDS:
        before, after = _shown(old, name), _shown(new, name)
        if before != after:
            label = str(CreditEntry._meta.get_field(name).verbose_name)
            changes.append({"field": name, "label": label, "old": before, "new": after})
    return changes


class InScopeObjectMixin:
    """Wagtail's generic object views check the model permission only; this also asks the policy
    about the entry itself, so that an entry outside the user's scope answers 404."""

    scope_actions = ("view", "change", "delete")

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not entry_policy.user_has_any_permission_for_instance(self.request.user, self.scope_actions, obj):
            raise Http404
        return obj


class CreditEntryInspectView(InScopeObjectMixin, InspectView):
    pass


class CreditEntryHistoryView(InScopeObjectMixin, HistoryView):
    pass


class CreditEntryUsageView(InScopeObjectMixin, UsageView):
    pass


class CreditEntryDeleteView(InScopeObjectMixin, DeleteView):
    scope_actions = ("delete",)


class CreditEntryEditView(InScopeObjectMixin, EditView):
    scope_actions = ("change",)

    def save_instance(self):
        old = CreditEntry.objects.get(pk=self.object.pk)
        instance = super().save_instance()
        changes = entry_changes(old, instance)
        if changes:
            log(instance=instance, action=ENTRY_CHANGE_ACTION, user=self.request.user, data={"changes": changes})
            notify(
                recipients=[instance.teacher],
                subject=f"学分记录被修改：{instance.get_source_display()}",
                body="；".join(f"{c['label']} {c['old'] or '（空）'} → {c['new'] or '（空）'}" for c in changes),
                link=settings.PORTAL_LANDING["teacher"],
                category="credit",
            )
        return instance


class CreditEntryChangeFormatter(LogFormatter):
    label = "修改学分记录"

    def format_message(self, log_entry):
        changes = (log_entry.data or {}).get("changes", [])
        parts = [f"{c['label']} {c['old'] or '（空）'} → {c['new'] or '（空）'}" for c in changes]
        return "修改：" + "；".join(parts) if parts else "修改学分记录"


@hooks.register("register_log_actions")
def register_credit_log_actions(actions):
    actions.register_action(ENTRY_CHANGE_ACTION)(CreditEntryChangeFormatter)


class InScopeChooserMixin:
    """The ledger's chooser lists and returns only entries in the user's scope."""

    def get_object_list(self):
        return entries_in_scope(self.request.user)

    def get_object(self, pk):
        return entries_in_scope(self.request.user).get(pk=pk)

    def get_objects(self, pks):
        return entries_in_scope(self.request.user).filter(pk__in=pks)


class CreditEntryChooserViewSet(SnippetChooserViewSet):
    choose_view_class = type("CreditEntryChooseView", (InScopeChooserMixin, ChooseView), {})
    choose_results_view_class = type("CreditEntryChooseResultsView", (InScopeChooserMixin, ChooseResultsView), {})
    chosen_view_class = type("CreditEntryChosenView", (InScopeChooserMixin, SnippetChosenView), {})
    chosen_multiple_view_class = type(
        "CreditEntryChosenMultipleView", (InScopeChooserMixin, SnippetChosenMultipleView), {}
    )


class CreditRuleViewSet(SnippetViewSet):
    model = CreditRule
    icon = "cog"
    menu_label = "学分规则"
    list_display = ["source", "yearly_cap", "yearly_target", "credits_per_hour", "credits_per_item"]


class CreditEntryViewSet(SnippetViewSet):
    model = CreditEntry
    icon = "list-ul"
    menu_label = "学分记录"
    list_display = ["teacher", "source", "amount", "hours", "description", "earned_on", "verified_by"]
    list_filter = ["source"]
    search_fields = ["description", "source_key"]
    ordering = ["-earned_on", "-pk"]
    edit_view_class = CreditEntryEditView
    delete_view_class = CreditEntryDeleteView
    inspect_view_class = CreditEntryInspectView
    history_view_class = CreditEntryHistoryView
    usage_view_class = CreditEntryUsageView
    chooser_viewset_class = CreditEntryChooserViewSet

    def get_queryset(self, request):
        return entries_in_scope(request.user)


class CreditBankGroup(SnippetViewSetGroup):
    items = (CreditRuleViewSet, CreditEntryViewSet)
    menu_icon = "success"
    menu_label = "学分银行"
    menu_name = "credit-bank"
    menu_order = 270


register_snippet(CreditBankGroup)


@hooks.register("register_admin_urls")
def register_credit_records_urls():
    return [path("credits/import/", import_credit_records, name="credits_import_records")]


class CreditRecordsImportMenuItem(MenuItem):
    """Shown only to those the screen opens for (editors, superusers): a menu entry never leads to 403."""

    def is_shown(self, request):
        return can_import_records(request.user)


@hooks.register("register_settings_menu_item")
def register_credit_records_menu_item():
    return CreditRecordsImportMenuItem(
        "导入学分档案", reverse("credits_import_records"), name="import-credit-records", icon_name="upload", order=910
    )
