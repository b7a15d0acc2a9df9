"""Wagtail's admin reports, scoped: 页面类型使用情况 without other people's private works.

Wagtail includes its reports' URLs in the admin before any ``register_admin_urls`` hook, so
the scoped view is routed by the site's ``urls.py`` ahead of the admin (``report_urls``). The
locked-pages, aging-pages and workflow reports are scoped by the page permission policy
(``wagtail_hooks.ScopedPagePermissionPolicy``); site history's page entries by its explorable
pages, and its other entries (credit entries, snippets, documents …) here, by each model's
permission policy.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.urls import path

from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import ModelLogEntry
from wagtail.permissions import policy_registry

from .scope import admin_may_see_page


class ScopedPageTypesUsageReportView(PageTypesUsageReportView):
    """Names each page type's last edited page, whoever's and wherever it is; a private work
    outside the reader's scope is left unnamed here (its type is still counted)."""

    def decorate_paginated_queryset(self, page_types):
        page_types = super().decorate_paginated_queryset(page_types)
        user = self.request.user
        for item in page_types:
            page = item.last_edited_page
            if page is not None and not admin_may_see_page(user, page.pk):
                item.last_edited_page = None
        return page_types


# Any of these on an object lets its log entries show in the reader's site history.
_SEEING_ACTIONS = ["view", "change", "delete", "choose"]


def scope_model_log_entries(entries, user):
    """Wagtail shows a non-page log entry to anyone with any permission on its model: a county
    trainer (who may view the credit ledger) saw every county's credit corrections. Here an
    entry shows only if its object is one the reader's permission policy opens to them, or the
    reader made the change (so one's own deletions stay in one's history)."""
    if user.is_superuser:
        return entries
    allowed = Q(user_id=user.pk)
    for content_type_id in entries.order_by().values_list("content_type_id", flat=True).distinct():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:  # a model that no longer exists
            continue
        visible = policy_registry.get_by_type(model).instances_user_has_any_permission_for(user, _SEEING_ACTIONS)
        ids = visible.order_by().annotate(object_key=Cast("pk", CharField())).values("object_key")
        allowed |= Q(content_type_id=content_type_id, object_id__in=ids)
    return entries.filter(allowed)


class ScopedSiteHistoryView(LogEntriesView):
    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if issubclass(queryset.model, ModelLogEntry):
            queryset = scope_model_log_entries(queryset, self.request.user)
        return queryset


report_urls = [
    path(
        "admin/reports/site-history/",
        require_admin_access(ScopedSiteHistoryView.as_view()),
        name="scoped_site_history",
    ),
    path(
        "admin/reports/site-history/results/",
        require_admin_access(ScopedSiteHistoryView.as_view(results_only=True)),
        name="scoped_site_history_results",
    ),
    path(
        "admin/reports/page-types-usage/",
        require_admin_access(ScopedPageTypesUsageReportView.as_view()),
        name="scoped_page_types_usage",
    ),
    path(
        "admin/reports/page-types-usage/results/",
        require_admin_access(ScopedPageTypesUsageReportView.as_view(results_only=True)),
        name="scoped_page_types_usage_results",
    ),
]
