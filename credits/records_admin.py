"""Admin screen 导入学分档案 (editors and superusers): upload external credits in the exchange format
(``docs/credit-records.md``), check them (试运行, the default) or import them, and read the outcome of
every line. The rules are ``credits.records``'; this view only reads the form and shows the report."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.views.defaults import permission_denied

from .records import RecordsError, RecordsRefused, can_import_records, credit_records_import

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
REFUSAL = "只有编辑或管理员可以导入学分档案。"


class CreditRecordsImportForm(forms.Form):
    file = forms.FileField(
        label="学分档案文件",
        help_text="CSV、Excel（.xlsx）或 JSON，不超过 10 MB，字段见平台文档 docs/credit-records.md。",
    )
    dry_run = forms.BooleanField(label="仅检查（试运行）", required=False, initial=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.name.rsplit(".", 1)[-1].lower() not in ("csv", "xlsx", "json"):
            raise forms.ValidationError("请上传 .csv、.xlsx 或 .json 文件。")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("文件超过 10 MB，请分成几个文件导入。")
        return upload


def import_credit_records(request):
    if not can_import_records(request.user):
        # Answered here: the admin would turn a raised PermissionDenied into a redirect and lose the reason.
        return permission_denied(request, PermissionDenied(REFUSAL))
    report = None
    form = (
        CreditRecordsImportForm(request.POST, request.FILES) if request.method == "POST" else CreditRecordsImportForm()
    )
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = credit_records_import(
                data=upload.read(), name=upload.name, editor=request.user, dry_run=form.cleaned_data["dry_run"]
            )
        except (RecordsError, RecordsRefused) as error:
            form.add_error(None, str(error))
    context = {"form": form, "report": report, "dry_run": form.is_bound and form.cleaned_data.get("dry_run")}
    return TemplateResponse(request, "credits/admin/import_credit_records.html", context)
