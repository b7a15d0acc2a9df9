"""Admin of review and recommendation (审核与推优): menu, queue and inbox URLs, quota snippet,
scoped page listings, search and choosers. Imported by ``resources.wagtail_hooks``."""

from django.db.models import Q
from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import urls as review_urls
from .models import RecommendationQuota, ReviewNotification
from .permissions import ScopedChoosePermissionPolicy
from .scope import scope_q


@hooks.register("register_admin_urls")
def register_review_urls():
    return [path("review/", include(review_urls, namespace="resources_review"))]


class InboxMenuItem(MenuItem):
    """站内消息 with the number of unread messages in its label."""

    def render_component(self, request):
        component = super().render_component(request)
        unread = ReviewNotification.objects.filter(recipient=request.user, read_at__isnull=True).count()
        if unread:
            component.label = f"站内消息（{unread} 条未读）"
        return component


@hooks.register("register_admin_menu_item")
def register_review_menu():
    from wagtail.admin.menu import Menu

    items = [
        MenuItem("待我处理", reverse("resources_review:queue"), name="review-queue", icon_name="tasks", order=1),
        MenuItem("我的作品", reverse("resources_review:mine"), name="review-mine", icon_name="doc-full", order=2),
        InboxMenuItem("站内消息", reverse("resources_review:inbox"), name="review-inbox", icon_name="mail", order=3),
    ]
    return SubmenuMenuItem("审核推优", Menu(items=items), name="review", icon_name="tasks", order=250)


class RecommendationQuotaViewSet(SnippetViewSet):
    model = RecommendationQuota
    icon = "list-ol"
    menu_label = "推优名额"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["year", "level", "region", "limit"]
    list_filter = ["year", "level"]


register_snippet(RecommendationQuotaViewSet)


def _hide_out_of_scope_resources(pages, user):
    """Resources outside the user's scope (other teachers' drafts, other schools) never show in the admin."""
    from resources.models import GeneratedResourcePage

    if user.is_superuser:
        return pages
    # Written on the resource table's page_ptr_id column: Wagtail's search backends translate
    # a queryset's filters into their own and reject anything else (an Exists, or a filter on
    # "id", answered 500 in the admin's page search), but leave *_ptr_id filters to the SQL.
    visible = GeneratedResourcePage.objects.filter(scope_q(user)).values("page_ptr_id")
    return pages.filter(
        Q(generatedresourcepage__page_ptr_id__isnull=True) | Q(generatedresourcepage__page_ptr_id__in=visible)
    )


class ScopedPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, with resources outside the user's scope left out of what they may
    explore: the admin page search and the admin API list pages through this, not the hooks."""

    def explorable_instances(self, user):
        return _hide_out_of_scope_resources(super().explorable_instances(user), user)

    # The locked-pages, aging-pages and workflow reports list pages through these: a trainer's
    # "publish" on the library reached every county's works there, by title.
    def instances_user_has_permission_for(self, user, action):
        return _hide_out_of_scope_resources(super().instances_user_has_permission_for(user, action), user)

    def instances_user_has_any_permission_for(self, user, actions):
        return _hide_out_of_scope_resources(super().instances_user_has_any_permission_for(user, actions), user)


register_permission_policy(Page, ScopedPagePermissionPolicy(Page), exact_class=True)
# Documents and images: what a user may choose (chooser listing, search, chosen/<id>,
# chosen-multiple, admin API) is their own uploads and what public pages use (see
# ScopedChoosePermissionPolicy). exact_class: this module may load before the apps' ready()
# registers their own policies for the class, which would otherwise replace these.
document_policy = ScopedChoosePermissionPolicy(get_document_model(), owner_field_name="uploaded_by_user")
image_policy = ScopedChoosePermissionPolicy(get_image_model(), owner_field_name="uploaded_by_user")
register_permission_policy(get_document_model(), document_policy, exact_class=True)
register_permission_policy(get_image_model(), image_policy, exact_class=True)


class ScopedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().filter(pk__in=document_policy.visible_instances(self.request.user).values("pk"))


class ScopedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().filter(pk__in=image_policy.visible_instances(self.request.user).values("pk"))


@hooks.register("construct_admin_api", order=100)  # after Wagtail's own registrations
def scope_admin_api(router):
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)


@hooks.register("construct_explorer_page_queryset")
def scope_explorer(parent_page, pages, request):
    return _hide_out_of_scope_resources(pages, request.user)


@hooks.register("construct_page_chooser_queryset")
def scope_page_chooser(pages, request):
    return _hide_out_of_scope_resources(pages, request.user)


@hooks.register("register_page_header_buttons")
def review_history_header_button(page, user, view_name=None, next_url=None):
    from resources.models import GeneratedResourcePage

    if isinstance(page.specific_deferred, GeneratedResourcePage):
        yield Button(
            "审核与推优记录", reverse("resources_review:detail", args=(page.pk,)), icon_name="history", priority=60
        )


@hooks.register("register_page_listing_more_buttons")
def review_history_listing_button(page, user, next_url=None):
    from resources.models import GeneratedResourcePage

    if page.specific_class is GeneratedResourcePage:
        yield Button(
            "审核与推优记录", reverse("resources_review:detail", args=(page.pk,)), icon_name="history", priority=60
        )


class ReviewSummaryPanel(Component):
    """Dashboard panel: how much waits for me and how many unread messages I have."""

    name = "review_summary"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        from .selectors import review_queue

        return {
            "queue_count": len(review_queue(user=self.user)),
            "unread": ReviewNotification.objects.filter(recipient=self.user, read_at__isnull=True).count(),
        }

    template_name = "resources/review/dashboard_panel.html"


@hooks.register("construct_homepage_panels")
def add_review_panel(request, panels):
    panels.insert(0, ReviewSummaryPanel(request.user))
