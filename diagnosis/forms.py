"""Forms of the diagnosis pages: they parse and check input; the rules are in ``services``."""

from __future__ import annotations

import re

from django import forms

from home.models import Grade, RecordingAudience, Stage, Subject
from research.models import CapabilityDimension

from .models import Aspect, Slice
from .services import Consent

PUPILS = [
    ("pending", "有学生出镜，尚未取得监护人授权"),
    ("consented", "有学生出镜，已取得监护人书面授权"),
    ("none", "无学生出镜"),
]
MMSS = re.compile(r"^\s*(?:(\d{1,2}):)?(\d{1,3}):(\d{1,2})\s*$")


def parse_mmss(value: str) -> int | None:
    """Seconds from "mm:ss" (or "h:mm:ss", or plain seconds); None if it is not a time."""
    value = (value or "").strip()
    if re.fullmatch(r"\d{1,5}", value):
        return int(value)
    match = MMSS.match(value)
    if not match:
        return None
    hours, minutes, seconds = int(match[1] or 0), int(match[2]), int(match[3])
    if seconds >= 60 or (match[1] and minutes >= 60):
        return None
    return hours * 3600 + minutes * 60 + seconds


class ConsentFields(forms.Form):
    pupils = forms.ChoiceField(label="学生出镜情况", choices=PUPILS, initial="pending", widget=forms.RadioSelect)
    consent_audience = forms.ChoiceField(
        label="监护人同意的范围",
        choices=[("", "（未取得授权时不填）")] + list(RecordingAudience.choices),
        required=False,
    )
    consent_note = forms.CharField(
        label="授权说明", max_length=200, required=False, help_text="如：家长知情同意书编号、存档位置。"
    )
    visibility = forms.ChoiceField(
        label="可见范围",
        choices=RecordingAudience.choices,
        initial=RecordingAudience.GROUP,
        help_text="实际可见范围取可见范围与监护人授权范围中较窄的一个。",
    )

    def clean(self):
        data = super().clean()
        if data.get("pupils") == "consented" and not data.get("consent_audience"):
            self.add_error("consent_audience", "已取得监护人授权时，请选择监护人同意的范围。")
        return data

    def consent(self) -> Consent:
        d = self.cleaned_data
        return Consent(
            pupils=d["pupils"],
            consent_audience=d.get("consent_audience") or "",
            visibility=d["visibility"],
            note=d.get("consent_note") or "",
        )


class DiagnosisForm(ConsentFields):
    lesson_title = forms.CharField(label="课题", max_length=100)
    stage = forms.ModelChoiceField(label="学段", queryset=Stage.objects.all(), empty_label="请选择学段")
    grade = forms.ModelChoiceField(label="年级", queryset=Grade.objects.select_related("stage"), required=False)
    subject = forms.ModelChoiceField(label="学科", queryset=Subject.objects.all(), empty_label="请选择学科")
    problem = forms.CharField(
        label="教师提出的问题",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="这节课里您最想解决的一个问题，如：小组合作流于形式、提问多为低阶问题。",
    )
    video = forms.FileField(label="课堂实录视频", help_text="本人执教的整节课录像（MP4 等视频文件）。")
    design = forms.FileField(label="教学设计", help_text="Word 或 PDF。")
    field_order = [
        "lesson_title",
        "stage",
        "grade",
        "subject",
        "problem",
        "video",
        "design",
        "pupils",
        "consent_audience",
        "consent_note",
        "visibility",
    ]

    def clean(self):
        data = super().clean()
        grade, stage = data.get("grade"), data.get("stage")
        if grade is not None and stage is not None and grade.stage_id != stage.pk:
            self.add_error("grade", "年级与学段不一致。")
        return data

    def fields_for_service(self) -> dict:
        d = self.cleaned_data
        return {
            "lesson_title": d["lesson_title"].strip(),
            "problem": d["problem"].strip(),
            "stage": d["stage"],
            "grade": d.get("grade"),
            "subject": d["subject"],
        }


class PracticeForm(ConsentFields):
    video = forms.FileField(label="改进后的课堂实录", help_text="按解决方案重新执教的整节课录像。")
    reflection = forms.CharField(label="教学反思", max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
    field_order = ["video", "reflection", "pupils", "consent_audience", "consent_note", "visibility"]


class SliceForm(forms.Form):
    recording = forms.TypedChoiceField(
        label="视频", choices=Slice.Recording.choices, coerce=int, initial=Slice.Recording.FIRST
    )
    start = forms.CharField(label="起点", max_length=8, widget=forms.TextInput(attrs={"placeholder": "mm:ss"}))
    end = forms.CharField(label="终点", max_length=8, widget=forms.TextInput(attrs={"placeholder": "mm:ss"}))
    aspect = forms.ChoiceField(label="观察点", choices=[("", "（不选）")] + list(Aspect.choices), required=False)
    dimension = forms.ModelChoiceField(
        label="能力维度",
        queryset=CapabilityDimension.objects.filter(parent__isnull=False),
        required=False,
        empty_label="（不选）",
    )
    observation = forms.CharField(label="观察与诊断", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def _time(self, name: str) -> int:
        seconds = parse_mmss(self.cleaned_data.get(name, ""))
        if seconds is None:
            raise forms.ValidationError("请按“分:秒”填写，如 12:30。")
        return seconds

    def clean_start(self):
        return self._time("start")

    def clean_end(self):
        return self._time("end")

    def clean(self):
        data = super().clean()
        if not data.get("aspect") and not data.get("dimension"):
            self.add_error("aspect", "请选择观察点或能力维度。")
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and end <= start:
            self.add_error("end", "终点必须晚于起点。")
        return data


class ReplyForm(forms.Form):
    body = forms.CharField(label="回复", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class TextForm(forms.Form):
    text = forms.CharField(max_length=8000, widget=forms.Textarea(attrs={"rows": 5}))


class ScheduleForm(forms.Form):
    when = forms.DateTimeField(
        label="会诊时间",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label="会诊地点", max_length=100, required=False)
    link = forms.URLField(label="线上会议链接", required=False, assume_scheme="https")
    hours = forms.DecimalField(label="会诊学时", min_value=0.5, max_value=8, decimal_places=1, initial=2)

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("link") and not self.errors:
            raise forms.ValidationError("请填写会诊地点或线上会议链接。")
        return data


class InviteForm(forms.Form):
    username = forms.CharField(label="教师用户名或工号", max_length=150)
