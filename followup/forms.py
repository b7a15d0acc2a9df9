"""Forms of 跟以固效 (Chinese labels; the services check the rules again)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from home.models import Region
from training.models import CoursePage
from workshops.models import WorkshopPage

from .models import EFFECTIVENESS_LABELS, SATISFACTION_LABELS, TaskKind


class ProjectForm(forms.Form):
    name = forms.CharField(label="项目名称", max_length=120)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100, initial=lambda: timezone.localdate().year)
    region = forms.ModelChoiceField(label="所属区域", queryset=Region.objects.none(), empty_label="请选择区域")
    organiser = forms.CharField(label="组织单位", max_length=120)
    description = forms.CharField(label="项目简介", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    courses = forms.ModelMultipleChoiceField(
        label="课程", queryset=CoursePage.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    workshops = forms.ModelMultipleChoiceField(
        label="工作坊", queryset=WorkshopPage.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    participants = forms.CharField(
        label="参训教师（用户名，每行一个或以逗号、顿号分隔）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions.order_by("path")
        self.fields["courses"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["workshops"].queryset = WorkshopPage.objects.live().order_by("title")


class EvaluationForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label="满意度",
        coerce=int,
        choices=[(k, f"{k} · {v}") for k, v in sorted(SATISFACTION_LABELS.items(), reverse=True)],
        widget=forms.RadioSelect,
    )
    effectiveness = forms.TypedChoiceField(
        label="有效性",
        coerce=int,
        choices=[(k, f"{k} · {v}") for k, v in sorted(EFFECTIVENESS_LABELS.items(), reverse=True)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="意见与建议（选填，请勿写出可识别你身份的信息）",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class TaskForm(forms.Form):
    kind = forms.ChoiceField(label="任务类型", choices=TaskKind.choices)
    title = forms.CharField(label="任务", max_length=120)
    details = forms.CharField(label="要求", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label="截止日期", widget=forms.DateInput(attrs={"type": "date"}))
