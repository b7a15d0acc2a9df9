"""The portal's own front door: sign in, sign out, change and reset a password.

Django's auth views with the portal's Chinese templates, so nobody meets Wagtail's
"登录Wagtail" page. After signing in, a teacher lands in their own space and a trainer or
editor on their review queue (``landing_url``); a ``?next=`` address is honoured only when
it stays on this site (Django's ``url_has_allowed_host_and_scheme``). Sign-in attempts go
through ``authenticate(request=…)``, so django-axes throttles this form as it did the
admin's.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.urls import NoReverseMatch, reverse, reverse_lazy

from .models import Role
from .people import profile_of


def landing_url(user) -> str:
    """Where a user starts after signing in: a trainer's or editor's queue, a teacher's own
    space. The addresses are settings (``PORTAL_LANDING``) so that this shared module names
    no feature app."""
    landing = settings.PORTAL_LANDING
    profile = profile_of(user)
    key = "reviewer" if user.is_superuser or (profile is not None and profile.role != Role.TEACHER) else "teacher"
    target = landing[key]
    try:
        return reverse(target)
    except NoReverseMatch:
        return target


def works_in_admin(user) -> bool:
    """Whether the header offers the CMS admin (工作台): trainers, editors and superusers.
    A teacher does everything in the portal (我的作品, 个人空间), so the link is not shown to
    them even where a permission still lets the admin open."""
    if not getattr(user, "is_authenticated", False):
        return False
    # The role first (its profile is already loaded for the header): a teacher's page then
    # pays no permission queries.
    profile = profile_of(user)
    if not (user.is_superuser or (profile is not None and profile.role != Role.TEACHER)):
        return False
    return user.has_perm("wagtailadmin.access_admin")


def role_label(user) -> str:
    if not getattr(user, "is_authenticated", False):
        return ""
    profile = profile_of(user)
    if profile is not None:
        return profile.get_role_display()
    return "管理员" if user.is_superuser else ""


class PortalAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入（密码区分大小写）。",
        "inactive": "该账号已停用，请联系本校管理员或区县培训者。",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "用户名或工号"
        self.fields["username"].widget.attrs.update(autocomplete="username", placeholder="用户名或工号")
        self.fields["password"].label = "密码"


def _chinese_password_labels(form: forms.Form) -> None:
    labels = {
        "old_password": "当前密码",
        "new_password1": "新密码",
        "new_password2": "再次输入新密码",
    }
    for name, label in labels.items():
        if name in form.fields:
            form.fields[name].label = label
    if "new_password1" in form.fields:
        form.fields["new_password1"].help_text = "至少 8 位，不能全是数字，不能与用户名或常见密码相近。"


class PortalPasswordChangeForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "当前密码不正确，请重新输入。",
        "password_mismatch": "两次输入的新密码不一致。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _chinese_password_labels(self)


class PortalSetPasswordForm(SetPasswordForm):
    error_messages = {**SetPasswordForm.error_messages, "password_mismatch": "两次输入的新密码不一致。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _chinese_password_labels(self)


class PortalPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "注册邮箱"


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = PortalAuthenticationForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return landing_url(self.request.user)


class SignOutView(auth_views.LogoutView):
    """POST only (Django's rule: a link cannot sign anyone out); lands on the home page."""

    next_page = "/"

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "您已安全退出。")
        return response


def initial_password_replaced(user) -> None:
    """The owner chose their own password: the first-login change (首次登录改密) is done."""
    profile = profile_of(user)
    if profile is not None and profile.must_change_password:
        profile.must_change_password = False
        profile.save(update_fields=["must_change_password"])


class ChangePasswordView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PortalPasswordChangeForm
    success_url = reverse_lazy("password_change_done")

    def get_context_data(self, **kwargs):
        profile = profile_of(self.request.user)
        return super().get_context_data(must_change=bool(profile and profile.must_change_password), **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        initial_password_replaced(form.user)
        return response


class ChangePasswordDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/message.html"
    extra_context = {"heading": "密码已修改", "message": "下次登录请使用新密码。"}


class ResetPasswordView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PortalPasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


class ResetPasswordSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/message.html"
    extra_context = {
        "heading": "重置邮件已发送",
        "message": "如果该邮箱对应一个账号，您将收到一封带有重置链接的邮件，链接 3 天内有效。没有收到请检查垃圾邮件，或联系本校管理员。",
    }


class ResetPasswordConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = PortalSetPasswordForm
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        # A password set through the mailed link is the owner's own choice too.
        response = super().form_valid(form)
        initial_password_replaced(form.user)
        return response


class ResetPasswordCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/message.html"
    extra_context = {"heading": "密码已重置", "message": "请用新密码登录。", "sign_in_link": True}
