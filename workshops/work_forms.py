"""The teacher's work form (我的作品 · 新建/修改): validation only, ``services.works`` saves.

Kind first, then stage → grade → subject (each option carries its stage, so the page's script
narrows the lists as the stage changes, and the server checks the same pairing), summary, the
body as plain paragraphs (an empty line starts a paragraph, a line starting with "## " is a
heading), attachments by part and, for 微课 and 课堂实录, the video.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.html import escape

from home.models import Grade, Stage, Subject
from resources.models import AttachmentPart, ResourceKind

PARTS = [(part, label) for part, label in AttachmentPart.choices if part != AttachmentPart.OTHER]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe for ``multiple``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class StagedSelect(forms.Select):
    """A select whose options say which stage(s) they belong to (``data-stages``)."""

    def __init__(self, stages_of, *args, **kwargs):
        self.stages_of = stages_of
        super().__init__(*args, **kwargs)

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        pk = getattr(value, "value", value)
        if pk not in ("", None):
            option["attrs"]["data-stages"] = " ".join(str(s) for s in self.stages_of().get(int(pk), ()))
        return option


def _grade_stages():
    return {pk: (stage,) for pk, stage in Grade.objects.values_list("pk", "stage_id")}


def _subject_stages():
    stages: dict[int, list[int]] = {}
    for pk, stage in Subject.stages.through.objects.values_list("subject_id", "stage_id"):
        stages.setdefault(pk, []).append(stage)
    return stages


def body_to_stream(text: str) -> list[dict]:
    """Plain text to body blocks: blank-line separated paragraphs, "## " lines as headings."""
    blocks: list[dict] = []
    paragraph: list[str] = []

    def flush():
        if paragraph:
            blocks.append({"type": "paragraph", "value": "<p>" + "<br/>".join(escape(p) for p in paragraph) + "</p>"})
            paragraph.clear()

    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if stripped.startswith("## "):
            flush()
            blocks.append({"type": "heading", "value": {"text": stripped[3:].strip()[:120], "size": "h2"}})
        elif stripped:
            paragraph.append(stripped)
        else:
            flush()
    flush()
    return blocks


def stream_to_text(body) -> str:
    """The body as the form shows it (headings as "## " lines, paragraphs as plain text)."""
    from home.text import strip_html

    parts = []
    for block in body.raw_data if body is not None else []:
        if block.get("type") == "heading":
            parts.append("## " + str((block.get("value") or {}).get("text", "")))
        elif block.get("type") == "paragraph":
            lines = [strip_html(piece) for piece in re.split(r"<br\s*/?>|</p>", str(block.get("value") or ""))]
            parts.append("\n".join(line for line in lines if line))
    return "\n\n".join(p for p in parts if p)


class WorkForm(forms.Form):
    kind = forms.ChoiceField(label="作品类型", choices=ResourceKind.choices)
    title = forms.CharField(label="标题", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    stage = forms.ModelChoiceField(label="学段", queryset=Stage.objects.all(), empty_label="请选择学段")
    grade = forms.ModelChoiceField(
        label="年级",
        queryset=Grade.objects.select_related("stage").order_by("stage__sort_order", "sort_order"),
        required=False,
        empty_label="（不限年级）",
        widget=StagedSelect(_grade_stages),
    )
    subject = forms.ModelChoiceField(
        label="学科", queryset=Subject.objects.all(), empty_label="请选择学科", widget=StagedSelect(_subject_stages)
    )
    summary = forms.CharField(
        label="摘要",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="一两句话说明这份作品的内容与亮点，显示在列表与搜索结果中。",
    )
    body = forms.CharField(
        label="正文",
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="空一行开始新段落；以“## ”开头的一行是小标题。",
    )
    video = forms.FileField(
        label="视频", required=False, help_text="微课、课堂实录的视频（MP4 等），按学段检查时长上限。"
    )
    remove_video = forms.BooleanField(label="删除已上传的视频", required=False)
    remove_attachments = forms.TypedMultipleChoiceField(
        label="删除附件", required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    action = forms.ChoiceField(choices=[("save", "保存草稿"), ("submit", "保存并提交审核")], initial="save")

    def __init__(self, *args, attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        for part, label in PARTS:
            self.fields[f"file_{part}"] = forms.FileField(label=label, required=False)
        self.fields["file_other"] = MultipleFileField(label="其他附件", required=False)
        # Attachments of a draft live in its revision and have no row id yet: the document names them.
        self.fields["remove_attachments"].choices = [(a.document_id, a.display_title) for a in attachments]

    def clean(self):
        cleaned = super().clean()
        stage, grade, subject = cleaned.get("stage"), cleaned.get("grade"), cleaned.get("subject")
        if stage and grade and grade.stage_id != stage.pk:
            self.add_error("grade", f"{grade.name}不属于{stage.name}，请重新选择年级。")
        if stage and subject:
            stages = _subject_stages().get(subject.pk)
            if stages and stage.pk not in stages:
                self.add_error("subject", f"{stage.name}没有{subject.name}这门学科，请重新选择。")
        return cleaned

    def uploads(self):
        """(file, part) pairs of the attachments chosen in this form."""
        pairs = [
            (self.cleaned_data[f"file_{part}"], part) for part, _ in PARTS if self.cleaned_data.get(f"file_{part}")
        ]
        pairs += [(f, AttachmentPart.OTHER) for f in self.cleaned_data.get("file_other") or []]
        return pairs

    def page_fields(self, *, previous_body_text: str | None, previous_body) -> dict:
        """The page's fields; an untouched body keeps its blocks (images, quotes) as they were."""
        data = self.cleaned_data
        body_text = data.get("body") or ""
        body = (
            previous_body
            if previous_body_text is not None and body_text.strip() == previous_body_text.strip()
            else None
        )
        return {
            "title": data["title"].strip(),
            "kind": data["kind"],
            "summary": data["summary"].strip(),
            "stage": data["stage"],
            "grade": data.get("grade"),
            "subject": data["subject"],
            "body": body if body is not None else body_to_stream(body_text),
        }
