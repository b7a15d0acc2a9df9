"""Admin for the shared taxonomies and teacher profiles (snippets), and the teacher import."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .consent_admin import RecordingConsentPermissionPolicy, RecordingConsentViewSet
from .models import Grade, RecordingConsent, Region, School, Stage, Subject, TeacherProfile, TeacherStage
from .page_cache import serve_with_page_cache
from .people_admin import import_teachers
from .people_import import can_import_teachers


class RegionViewSet(SnippetViewSet):
    model = Region
    icon = "site"
    menu_label = "区域"
    list_display = ["path", "level"]
    list_filter = ["level"]
    search_fields = ["name", "path"]
    ordering = ["path"]


class SchoolViewSet(SnippetViewSet):
    model = School
    icon = "home"
    menu_label = "学校"
    list_display = ["name", "region", "stage"]
    list_filter = ["stage"]
    search_fields = ["name"]


class SubjectViewSet(SnippetViewSet):
    model = Subject
    icon = "tag"
    menu_label = "学科"
    list_display = ["name", "sort_order"]


class StageViewSet(SnippetViewSet):
    model = Stage
    icon = "list-ol"
    menu_label = "学段"
    list_display = ["name", "sort_order"]


class GradeViewSet(SnippetViewSet):
    model = Grade
    icon = "list-ul"
    menu_label = "年级"
    list_display = ["name", "stage", "sort_order"]
    list_filter = ["stage"]


class TeacherStageViewSet(SnippetViewSet):
    model = TeacherStage
    icon = "user"
    menu_label = "教师发展阶段"
    list_display = ["name", "sort_order"]


class TeacherProfileViewSet(SnippetViewSet):
    model = TeacherProfile
    icon = "user"
    menu_label = "教师档案"
    list_display = ["display_name", "role", "school", "region"]
    list_filter = ["role", "stage"]
    search_fields = ["display_name"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = "分类与档案"
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (
        RegionViewSet,
        SchoolViewSet,
        SubjectViewSet,
        StageViewSet,
        GradeViewSet,
        TeacherStageViewSet,
        TeacherProfileViewSet,
    )


register_snippet(TaxonomyGroup)


# Anonymous page cache; order=100 puts it inside Wagtail's view-restriction check.
hooks.register("on_serve_page", serve_with_page_cache, order=100)


@hooks.register("register_admin_urls")
def register_people_urls():
    return [path("people/import/", import_teachers, name="home_import_teachers")]


class TeacherImportMenuItem(MenuItem):
    """Shown only to those the screen opens for (editors, superusers): a menu entry never leads to 403."""

    def is_shown(self, request):
        return can_import_teachers(request.user)


@hooks.register("register_settings_menu_item")
def register_people_menu_item():
    return TeacherImportMenuItem(
        "导入教师账号", reverse("home_import_teachers"), name="import-teachers", icon_name="upload", order=900
    )


@hooks.register("construct_help_menu")
def keep_help_menu_local(request, menu_items):
    """The admin's Help menu keeps its keyboard-shortcut list and drops Wagtail's links to its
    English editor guide and release notes on guide.wagtail.org: no admin page links outside."""
    menu_items[:] = [
        item for item in menu_items if item.name != "editor-guide" and not item.name.startswith("whats-new-in-wagtail")
    ]


register_permission_policy(RecordingConsent, RecordingConsentPermissionPolicy(RecordingConsent))


@hooks.register("register_admin_viewset")
def register_consent_viewset():
    return RecordingConsentViewSet("recording_consent", url_prefix="recording-consent")
