"""Front-end forms of workshops (教师工作坊) and personal spaces (个人空间): validation only, the
services do the work."""

from __future__ import annotations

from django import forms
from django.conf import settings

from home.models import School, Stage, Subject
from home.params import MAX_ID, parse_id
from home.people_import import ImportFileError, check_upload
from resources.models import GeneratedResourcePage

from .models.choices import Visibility
from .models.personal_space import JournalVisibility
from .models.workshop import ActivityKind, ActivityMode


class JoinForm(forms.Form):
    message = forms.CharField(label="申请说明", max_length=200, required=False)


class InviteForm(forms.Form):
    username = forms.CharField(label="教师账号", max_length=150)


class BulkMembersForm(forms.Form):
    """批量添加成员: a CSV/XLSX list with a 用户名 (or 工号) column, or a whole school."""

    file = forms.FileField(label="名单文件（CSV 或 .xlsx，含“用户名”列）", required=False)
    school = forms.ModelChoiceField(
        label="或按学校添加（该校全部在职教师）",
        queryset=School.objects.select_related("region"),
        required=False,
        empty_label="（不按学校）",
    )

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        if schools is not None:
            self.fields["school"].queryset = schools

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                check_upload(upload)
            except ImportFileError as error:
                raise forms.ValidationError(str(error)) from error
        return upload

    def clean(self):
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("school")) and not self.errors:
            raise forms.ValidationError("请上传名单文件或选择一所学校（二选一）。")
        return data


class PlanForm(forms.Form):
    title = forms.CharField(label="计划名称", max_length=120)
    description = forms.CharField(label="总体目标", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class PhaseForm(forms.Form):
    name = forms.CharField(label="阶段名称", max_length=80)
    starts_on = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))
    tasks = forms.CharField(label="阶段任务", widget=forms.Textarea(attrs={"rows": 2}), required=False)


PhaseFormSet = forms.formset_factory(PhaseForm, extra=3, max_num=8, min_num=1, validate_min=True)


class ActivityForm(forms.Form):
    title = forms.CharField(label="活动名称", max_length=120)
    kind = forms.ChoiceField(label="活动类型", choices=ActivityKind.choices)
    mode = forms.ChoiceField(label="形式", choices=ActivityMode.choices)
    starts_at = forms.DateTimeField(
        label="开始时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    hours = forms.DecimalField(label="学时", min_value=0.5, max_value=24, decimal_places=1, initial=2)
    place = forms.CharField(label="地点", max_length=120, required=False)
    link = forms.URLField(label="线上链接", required=False, assume_scheme="https")
    description = forms.CharField(label="活动安排", widget=forms.Textarea(attrs={"rows": 3}), required=False)


class SummaryForm(forms.Form):
    summary = forms.CharField(label="活动总结", widget=forms.Textarea(attrs={"rows": 4}))


class ThreadForm(forms.Form):
    title = forms.CharField(label="标题", max_length=120)
    body = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 4}))


class ReplyForm(forms.Form):
    body = forms.CharField(label="回复", widget=forms.Textarea(attrs={"rows": 3}))


class PushForm(forms.Form):
    resource = forms.CharField(label="资源编号或链接", max_length=300)
    note = forms.CharField(label="推送说明", max_length=300, required=False)

    def clean_resource(self) -> int:
        """Accept a page id or a resource URL (its slug is looked up among published resources)."""
        value = self.cleaned_data["resource"].strip()
        resource_id = parse_id(value)
        if resource_id is not None:
            return resource_id
        slug = value.rstrip("/").rsplit("/", 1)[-1]
        page = GeneratedResourcePage.objects.visible_to_public().filter(slug=slug).first()
        if page is None:
            raise forms.ValidationError("没有找到该资源，请填写资源编号或资源页面链接。")
        return page.pk


class ShareForm(forms.Form):
    target = forms.IntegerField(label="分享到", min_value=1, max_value=MAX_ID)
    thread = forms.IntegerField(label="研讨", required=False, min_value=1, max_value=MAX_ID)
    resource = forms.IntegerField(label="资源", required=False, min_value=1, max_value=MAX_ID)

    def clean(self):
        data = super().clean()
        if not data.get("thread") and not data.get("resource"):
            raise forms.ValidationError("请选择要分享的研讨或资源。")
        return data


class FileForm(forms.Form):
    title = forms.CharField(label="名称", max_length=120, required=False)
    file = forms.FileField(label="文件")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        allowed = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
        if allowed and extension not in allowed:
            raise forms.ValidationError(f"不支持的文件类型，可上传：{'、'.join(allowed)}。")
        limit = getattr(settings, "WAGTAILDOCS_MAX_UPLOAD_SIZE", None)
        if limit and upload.size > limit:
            raise forms.ValidationError("文件过大。")
        return upload


class JournalForm(forms.Form):
    title = forms.CharField(label="标题", max_length=120)
    body = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 5}))
    visibility = forms.ChoiceField(
        label="可见范围", choices=JournalVisibility.choices, initial=JournalVisibility.PRIVATE
    )
    workshop = forms.IntegerField(label="分享到工作坊", required=False, min_value=1, max_value=MAX_ID)


class PersonalPlanForm(forms.Form):
    goals = forms.CharField(label="研修目标与安排", widget=forms.Textarea(attrs={"rows": 5}))


class ProposalForm(forms.Form):
    title = forms.CharField(label="工作坊名称", max_length=120)
    intro = forms.CharField(label="简介与研修主题", widget=forms.Textarea(attrs={"rows": 4}))
    subject = forms.ModelChoiceField(label="学科", queryset=Subject.objects.all(), required=False)
    stage = forms.ModelChoiceField(label="学段", queryset=Stage.objects.all(), required=False)
    visibility = forms.ChoiceField(label="可见范围", choices=Visibility.choices)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "批准"), ("reject", "不予批准")])
    comment = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
