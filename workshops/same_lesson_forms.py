"""The form of a 同课异构 entry (``services.same_lesson``): the design chosen among the teacher's
own works, the recording, the comparison points, the reflection and the time allocation as a
few rows of 教学环节 (type, name, minutes); empty rows are ignored."""

from __future__ import annotations

from django import forms

from home.consent_forms import RecordingConsentFields, consent_initial
from showcase.blocks import MAX_LESSON_MINUTES, PHASE_KINDS

from .selectors.same_lesson import design_choices
from .services.same_lesson import EntryFields

PHASE_ROWS = 8


class EntryForm(RecordingConsentFields):
    teaching_design = forms.TypedChoiceField(
        label="教学设计",
        coerce=int,
        help_text="从“我的作品”中选择本课的教学设计；还没有的话，先在“我的作品”中新建并提交审核。",
    )
    video = forms.FileField(
        label="课堂实录",
        required=False,
        help_text="MP4 等视频，不超过 60 分钟；已上传过的可不再选择，选择新文件则替换。",
    )
    objectives = forms.CharField(label="教学目标", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    key_activities = forms.CharField(
        label="主要活动",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一项；留空则按教学环节名称生成。",
    )
    assessment = forms.CharField(label="评价方式", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    reflection = forms.CharField(label="教学反思", max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        works = design_choices(user=user)
        self.fields["teaching_design"].choices = [("", "请选择")] + [
            (w.pk, w.title if w.live else f"{w.title}（未发布）") for w in works
        ]
        for row in range(PHASE_ROWS):
            self.fields[f"phase_{row}_kind"] = forms.ChoiceField(
                label=f"环节 {row + 1}", choices=[("", "—")] + PHASE_KINDS, required=False
            )
            self.fields[f"phase_{row}_label"] = forms.CharField(label="环节名称", max_length=30, required=False)
            self.fields[f"phase_{row}_minutes"] = forms.IntegerField(
                label="分钟", min_value=1, max_value=MAX_LESSON_MINUTES, required=False
            )

    @staticmethod
    def initial_for(entry) -> dict:
        """The form's values for an entry already handed in."""
        initial = {
            "teaching_design": entry.teaching_design_id,
            "objectives": entry.objectives,
            "key_activities": entry.key_activities,
            "assessment": entry.assessment,
            "reflection": entry.reflection,
            **consent_initial(entry.recording),
        }
        for row, phase in enumerate(entry.time_allocation[:PHASE_ROWS]):
            initial |= {
                f"phase_{row}_kind": phase.get("kind"),
                f"phase_{row}_label": phase.get("label", ""),
                f"phase_{row}_minutes": phase.get("minutes"),
            }
        return initial

    def phase_rows(self):
        """(kind, label, minutes) bound fields per row, for the template's table."""
        return [
            (self[f"phase_{row}_kind"], self[f"phase_{row}_label"], self[f"phase_{row}_minutes"])
            for row in range(PHASE_ROWS)
        ]

    def entry_fields(self) -> EntryFields:
        data = self.cleaned_data
        phases = [
            {
                "kind": data[f"phase_{row}_kind"],
                "label": data[f"phase_{row}_label"],
                "minutes": data[f"phase_{row}_minutes"],
            }
            for row in range(PHASE_ROWS)
            if data.get(f"phase_{row}_kind") or data.get(f"phase_{row}_minutes")
        ]
        return EntryFields(
            teaching_design_id=data["teaching_design"],
            objectives=data["objectives"],
            key_activities=data["key_activities"],
            assessment=data["assessment"],
            reflection=data["reflection"],
            phases=phases,
        )
