"""Admin screen 导入教师账号 (editors and superusers): upload a CSV or XLSX list of teachers, check
it (试运行, the default) or import it, and read the outcome of every line. The rules are
``home.people_import``'s; this view only reads the form and shows the report."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.views.defaults import permission_denied

from .people_import import ImportFileError, can_import_teachers, check_upload, read_sheet, teachers_import

REFUSAL = "只有编辑或管理员可以导入教师账号。"


class TeacherImportForm(forms.Form):
    file = forms.FileField(
        label="名单文件",
        help_text="CSV 或 Excel（.xlsx），不超过 2 MB。第 1 行为列名：姓名、用户名（或工号）、学校、任教学科、学段、邮箱。",
    )
    initial_password = forms.CharField(
        label="统一初始密码",
        required=False,
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="可不填：不填则为每个新账号生成随机初始密码，导入后在结果中显示一次。教师首次登录须修改密码。",
    )
    dry_run = forms.BooleanField(label="仅检查（试运行）", required=False, initial=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload(upload)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from error
        return upload


def import_teachers(request):
    if not can_import_teachers(request.user):
        # Answered here: Wagtail's admin would turn a raised PermissionDenied into a redirect
        # to the dashboard with a generic message, and the reason would be lost.
        return permission_denied(request, PermissionDenied(REFUSAL))
    report = None
    form = TeacherImportForm(request.POST, request.FILES) if request.method == "POST" else TeacherImportForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = read_sheet(data=upload.read(), filename=upload.name)
            report = teachers_import(
                rows=rows,
                actor=request.user,
                dry_run=form.cleaned_data["dry_run"],
                initial_password=form.cleaned_data["initial_password"],
            )
        except ImportFileError as error:
            form.add_error(None, str(error))
    response = TemplateResponse(request, "home/admin/import_teachers.html", {"form": form, "report": report})
    # A real run's page carries initial passwords: never keep a copy in a cache.
    response["Cache-Control"] = "no-store"
    return response
