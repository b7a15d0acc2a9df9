"""Wagtail's admin reports, scoped: 页面类型使用情况 without other people's private works.

Wagtail includes its reports' URLs in the admin before any ``register_admin_urls`` hook, so
the scoped view is routed by the site's ``urls.py`` ahead of the admin (``report_urls``). The
locked-pages, aging-pages and workflow reports are scoped by the page permission policy
(``wagtail_hooks.ScopedPagePermissionPolicy``); site history by its explorable pages.
"""

from __future__ import annotations

from django.urls import path

from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView

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


report_urls = [
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
