"""Admin of training: the trainers' screens, a menu item, and the guide's rules as warnings."""

from django.contrib import messages
from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from . import admin_urls
from .models import CourseModulePage, CoursePage


@hooks.register("register_admin_urls")
def register_training_urls():
    return [path("training/", include(admin_urls, namespace="training_admin"))]


class TrainerMenuItem(MenuItem):
    def is_shown(self, request):
        return CoursePage.objects.trained_by(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_training_menu():
    return TrainerMenuItem("培训管理", reverse("training_admin:courses"), icon_name="group", order=270)


def _warn_course_rules(request, page):
    page = page.specific
    if isinstance(page, CourseModulePage):
        page = page.get_parent().specific
    if isinstance(page, CoursePage):
        for warning in page.rule_warnings():
            messages.warning(request, f"课程规则提示：{warning}")


@hooks.register("after_edit_page")
def warn_after_edit(request, page):
    _warn_course_rules(request, page)


@hooks.register("after_create_page")
def warn_after_create(request, page):
    _warn_course_rules(request, page)


def _scope_media_admin():
    """Media (微课视频, 课堂录像) in the admin: a user changes or deletes their own uploads, and
    someone else's only when the uploader is a person they oversee (same school, or inside their
    county or region — ``home.upload_scope``). The rule follows the uploader, not the pages using
    a video: an upload belongs to whoever put it on the site, and a recording's page sits in a
    course whose trainers are named on the course.

    wagtailmedia's views and menu build their own policy instead of asking Wagtail's registry,
    so the scoped policy is also handed to them here.
    """
    from wagtailmedia import wagtail_hooks as media_hooks
    from wagtailmedia.models import get_media_model
    from wagtailmedia.views import chooser as media_chooser
    from wagtailmedia.views import media as media_views

    from home.upload_scope import RegionOwnershipPermissionPolicy

    class MediaPermissionPolicy(RegionOwnershipPermissionPolicy):
        def may_view_file(self, user, instance) -> bool:
            """A video and its poster frame (``home.media``): for its uploader, those who
            oversee them, the reviewers of a work showing it, and — once a public page shows
            the video — whoever its consent record lets watch it (``home.consent``: without
            public consent a recording of pupils never reaches the public)."""
            if getattr(user, "is_authenticated", False) and user.is_active:
                if user.is_superuser or instance.uploaded_by_user_id == user.pk:
                    return True
                if self.user_has_permission_for_instance(user, "change", instance):
                    return True
                from resources.models import GeneratedResourcePage
                from resources.review.scope import scope_q

                # A work's reviewers (its school's and region's trainers) watch the video they judge.
                if GeneratedResourcePage.objects.filter(scope_q(user), video=instance).exists():
                    return True
            from home.consent import may_watch
            from resources.access import ids_used_by_public_pages

            return may_watch(user, instance) and instance.pk in ids_used_by_public_pages(self.model)

    media_model = get_media_model()
    policy = MediaPermissionPolicy(media_model, auth_model="wagtailmedia.Media", owner_field_name="uploaded_by_user")
    register_permission_policy(media_model, policy, exact_class=True)
    media_views.permission_checker.policy = policy
    media_chooser.permission_checker.policy = policy
    media_hooks.permission_policy = policy
    media_hooks.MediaAdminURLFinder.permission_policy = policy
    return policy


media_policy = _scope_media_admin()


@hooks.register("register_admin_urls", order=-10)  # before wagtailmedia's own "media/" URLs
def register_scoped_media_urls():
    """wagtailmedia's usage screen, answered with the media policy (see ``media_admin``)."""
    from . import media_admin

    return [path("media/usage/<int:media_id>/", media_admin.media_usage, name="training_media_usage")]
