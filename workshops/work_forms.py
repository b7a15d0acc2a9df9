"""The teacher's work form (我的作品 · 新建/修改): validation only, ``services.works`` saves.

Kind first, then stage → grade → subject (each option carries its stage, so the page's script
narrows the lists as the stage changes, and the server checks the same pairing), summary, the
body written the way teachers write in a text box (an empty line starts a paragraph, "## " a
heading, "- " and "1. " list items, **bold**: a rich body without a rich-text widget that
phones handle badly), attachments by part and, for 微课 and 课堂实录, the video.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.html import escape

from home import taxonomy_data
from home.consent_forms import RecordingConsentFields
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


_BOLD = re.compile(r"\*\*(.+?)\*\*")
_BULLET = re.compile(r"^[-·•]\s+(.*)$")
_NUMBERED = re.compile(r"^\d{1,3}[.、．]\s*(.+)$")


def _inline(text: str) -> str:
    return _BOLD.sub(r"<b>\1</b>", escape(text))


def body_to_stream(text: str) -> list[dict]:
    """Plain text to body blocks, the way teachers write in a text box: blank lines separate
    paragraphs, "## " starts a heading, "- " a bulleted item, "1. " (or "1、") a numbered
    item, and **text** is bold."""
    blocks: list[dict] = []
    paragraph: list[str] = []
    items: list[str] = []
    kind = ""

    def flush():
        nonlocal kind
        if paragraph:
            blocks.append({"type": "paragraph", "value": "<p>" + "<br/>".join(_inline(p) for p in paragraph) + "</p>"})
            paragraph.clear()
        if items:
            inner = "".join(f"<li>{_inline(item)}</li>" for item in items)
            blocks.append({"type": "paragraph", "value": f"<{kind}>{inner}</{kind}>"})
            items.clear()
        kind = ""

    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        bullet, numbered = _BULLET.match(stripped), _NUMBERED.match(stripped)
        if stripped.startswith("## "):
            flush()
            blocks.append({"type": "heading", "value": {"text": stripped[3:].strip()[:120], "size": "h2"}})
        elif bullet or numbered:
            wanted = "ul" if bullet else "ol"
            if paragraph or kind != wanted:
                flush()
            kind = wanted
            items.append((bullet or numbered).group(1))
        elif stripped:
            if items:
                flush()
            paragraph.append(stripped)
        else:
            flush()
    flush()
    return blocks


def _html_text(html: str) -> str:
    from home.text import strip_html

    return strip_html(re.sub(r"<b>(.*?)</b>", r"**\1**", html, flags=re.S))


def stream_to_text(body) -> str:
    """The body as the form shows it: the inverse of ``body_to_stream`` (other markup, e.g.
    from the admin's editor, comes back as its plain text)."""
    parts = []
    for block in body.raw_data if body is not None else []:
        if block.get("type") == "heading":
            parts.append("## " + str((block.get("value") or {}).get("text", "")))
        elif block.get("type") == "paragraph":
            lines = []
            for segment in re.split(r"(<(?:ul|ol)>.*?</(?:ul|ol)>)", str(block.get("value") or ""), flags=re.S):
                listed = re.match(r"<(ul|ol)>(.*)</\1>", segment, flags=re.S)
                if listed:
                    for n, item in enumerate(re.findall(r"<li>(.*?)</li>", listed.group(2), flags=re.S), start=1):
                        lines.append(("- " if listed.group(1) == "ul" else f"{n}. ") + _html_text(item))
                else:
                    lines += [_html_text(piece) for piece in re.split(r"<br\s*/?>|</p>", segment)]
            parts.append("\n".join(line for line in lines if line))
    return "\n\n".join(p for p in parts if p)


class GradeChoiceField(forms.ModelChoiceField):
    """年级, shown with its 培智 segment where it has one (一年级（培智低段）)."""

    def label_from_instance(self, obj) -> str:
        return taxonomy_data.grade_label(obj.stage.name, obj.name)


class WorkForm(RecordingConsentFields):
    kind = forms.ChoiceField(label="作品类型", choices=ResourceKind.choices)
    title = forms.CharField(label="标题", max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    stage = forms.ModelChoiceField(label="学段", queryset=Stage.objects.all(), empty_label="请选择学段")
    grade = GradeChoiceField(
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
        help_text="空一行开始新段落；“## ”开头是小标题，“- ”开头是列表项，“1. ”开头是编号项，**文字** 加粗。",
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
