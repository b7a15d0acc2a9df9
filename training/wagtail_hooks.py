"""Admin of training: the trainers' screens, a menu item, and the guide's rules as warnings."""

from django.contrib import messages
from django.urls import include, path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem

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
