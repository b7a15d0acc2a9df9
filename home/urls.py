"""Accounts routes (``/accounts/``): the portal's sign-in, sign-out and password pages."""

from django.urls import path

from . import accounts

urlpatterns = [
    path("login/", accounts.SignInView.as_view(), name="login"),
    path("logout/", accounts.SignOutView.as_view(), name="logout"),
    path("password/change/", accounts.ChangePasswordView.as_view(), name="password_change"),
    path("password/change/done/", accounts.ChangePasswordDoneView.as_view(), name="password_change_done"),
    path("password/reset/", accounts.ResetPasswordView.as_view(), name="password_reset"),
    path("password/reset/sent/", accounts.ResetPasswordSentView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        accounts.ResetPasswordConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", accounts.ResetPasswordCompleteView.as_view(), name="password_reset_complete"),
]
