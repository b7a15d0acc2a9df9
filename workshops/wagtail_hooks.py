"""Admin of the workshops app: the workshop menu, the default host of a new workshop, and the
download rule for workshop files."""

from django.db.models import Q

from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from .access import document_ids_closed_to, serve_workshop_document
from .models import WorkshopIndexPage, WorkshopPage
from .permissions import can_decide_proposals, default_region, default_school


@hooks.register("before_serve_document", order=-10)
def serve_workshop_files(document, request):
    """Runs before the resource library's rule: a workshop file is served to those who may see the
    workshop's material and refused (404) to everyone else; other documents are left to other hooks."""
    return serve_workshop_document(document, request)


@hooks.register("hide_uploads_from_overseers")
def hide_members_only_files(*, model, user):
    """A members-only workshop's files are its members' (``home.upload_scope``): an editor who
    oversees the uploader does not list, edit, delete or inspect them in the documents admin."""
    from wagtail.documents import get_document_model

    if model is not get_document_model():
        return None
    return Q(pk__in=document_ids_closed_to(user))


@hooks.register("after_create_page")
def default_workshop_host(request, page):
    """A workshop created in the admin without a 坊主 is hosted by whoever created it."""
    if isinstance(page.specific_deferred, WorkshopPage) and not page.specific.host_id:
        WorkshopPage.objects.filter(pk=page.pk).update(host=request.user)


class SectionLink(MenuItem):
    """A link into the public workshop section (its routes), hidden while the section is missing
    and from users the route would refuse (``allowed(user)``): a menu entry never leads to 403."""

    def __init__(self, label, route, allowed=None, **kwargs):
        self.route = route
        self.allowed = allowed
        super().__init__(label, "#", **kwargs)

    def is_shown(self, request):
        if self.allowed is not None and not self.allowed(request.user):
            return False
        return WorkshopIndexPage.objects.live().exists()

    def render_component(self, request):
        index = WorkshopIndexPage.objects.live().first()
        self.url = index.url + index.reverse_subpage(self.route) if self.route else index.url
        return super().render_component(request)


@hooks.register("register_admin_menu_item")
def register_workshop_menu():
    items = [
        SectionLink("全部工作坊", "", name="workshops-all", icon_name="group", order=1),
        SectionLink("我的个人空间", "personal_space", name="workshops-me", icon_name="user", order=2),
        SectionLink(
            "学校社区",
            "school_community",
            allowed=lambda user: default_school(user=user) is not None,
            name="workshops-school",
            icon_name="home",
            order=3,
        ),
        SectionLink(
            "区域社区",
            "county_community",
            allowed=lambda user: default_region(user=user) is not None,
            name="workshops-county",
            icon_name="site",
            order=4,
        ),
        SectionLink(
            "工作坊创建申请",
            "proposals",
            allowed=lambda user: can_decide_proposals(user=user),
            name="workshops-proposals",
            icon_name="tasks",
            order=5,
        ),
    ]
    return SubmenuMenuItem("教师工作坊", Menu(items=items), name="workshops", icon_name="group", order=240)
