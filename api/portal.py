"""访问令牌 page (``/accounts/tokens/``): a signed-in user creates and revokes their own
personal access tokens and sees the latest calls made with them. Teachers never use the
Wagtail admin, so this is a portal page beside 修改密码."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods, require_POST

from home.params import parse_id

from . import imports, services
from .models import Scope


class TokenForm(forms.Form):
    name = forms.CharField(label="名称", max_length=60, help_text="例如“学校管理系统”，便于日后辨认与撤销。")
    scopes = forms.MultipleChoiceField(
        label="权限范围",
        widget=forms.CheckboxSelectMultiple,
        help_text="任何令牌都可以读取公开数据；只勾选对方系统需要的权限。",
    )
    days = forms.TypedChoiceField(
        label="有效期",
        coerce=int,
        choices=[(days, f"{days} 天") for days in services.LIFETIMES_DAYS],
        initial=90,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Scope.choices)
        self.fields["scopes"].choices = [(scope, labels[scope]) for scope in services.scopes_allowed(user=user)]


def _page(request, *, form, secret: str = "", token=None, status: int = 200):
    context = {
        "form": form,
        "secret": secret,
        "new_token": token,
        "tokens": services.user_tokens(user=request.user),
        "calls": services.recent_calls(user=request.user),
        "import_jobs": imports.user_import_jobs(user=request.user)[:10] if imports.may_import(request.user) else [],
    }
    response = render(request, "api/tokens.html", context, status=status)
    add_never_cache_headers(response)  # the secret is shown once and must not be kept anywhere
    return response


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    if request.method == "GET":
        return _page(request, form=TokenForm(user=request.user))
    form = TokenForm(request.POST, user=request.user)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    try:
        token, secret = services.token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            days=form.cleaned_data["days"],
        )
    except services.TokenError as exc:
        form.add_error(None, str(exc))
        return _page(request, form=form, status=400)
    return _page(request, form=TokenForm(user=request.user), secret=secret, token=token)


@login_required
@require_POST
def token_revoke(request, token_id: str):
    pk = parse_id(token_id)
    if pk is None or not services.token_revoke(user=request.user, token_id=pk):
        raise Http404("没有这个令牌，或它已被撤销。")
    messages.success(request, "令牌已撤销，使用它的请求将被拒绝。")
    return HttpResponseRedirect(reverse("api_tokens"))
