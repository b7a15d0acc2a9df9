"""Forms of the survey builder (settings and audience, one question at a time) and the answer form."""

from __future__ import annotations

from django import forms

from home.models import Stage, Subject, TeacherStage
from research.models import CapabilityDimension

from . import selectors
from .models import LIKERT_LABELS, QuestionKind, Survey

TEXT_LIMITS = {QuestionKind.SHORT_TEXT: 200, QuestionKind.LONG_TEXT: 2000}


class SurveyForm(forms.ModelForm):
    """Settings and audience; the audience lists hold only what the builder's scope allows."""

    class Meta:
        model = Survey
        fields = [
            "title",
            "intro",
            "anonymous",
            "opens_on",
            "closes_on",
            "region",
            "school",
            "workshop",
            "course",
            "stage",
            "subject",
            "teacher_stage",
        ]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "intro": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "region": "含其下属区县与学校。",
            "workshop": "工作坊的正式成员。",
            "course": "已选这门课程的学员。",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["region"].queryset = selectors.scope_regions(user)
        self.fields["school"].queryset = selectors.scope_schools(user).select_related("region")
        self.fields["workshop"].queryset = selectors.scope_workshops(user).order_by("title")
        self.fields["course"].queryset = selectors.courses_for_audience()
        self.fields["stage"].queryset = Stage.objects.all()
        self.fields["subject"].queryset = Subject.objects.all()
        self.fields["teacher_stage"].queryset = TeacherStage.objects.all()
        for name in ("region", "school", "workshop", "course", "stage", "subject", "teacher_stage"):
            self.fields[name].empty_label = "（不限）"
        if self.instance.pk and self.instance.responses.exists():
            # Answers were given under this promise; it cannot change afterwards.
            self.fields["anonymous"].disabled = True

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "截止日期不能早于开始日期。")
        if not (data.get("region") or data.get("school") or data.get("workshop")) and not self.user.is_superuser:
            raise forms.ValidationError("请至少选择一个区域、学校或工作坊作为发放范围。")
        return data


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label="题型", choices=QuestionKind.choices)
    text = forms.CharField(label="题目", max_length=300)
    help_text = forms.CharField(label="提示", max_length=300, required=False)
    required = forms.BooleanField(label="必答", required=False, initial=True)
    options = forms.CharField(
        label="选项 / 小题",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="单选、多选：每行一个选项；矩阵：每行一个小题（列为“非常不同意…非常同意”）。",
    )
    scale_max = forms.TypedChoiceField(
        label="评分上限", choices=[(5, "1–5 分"), (10, "1–10 分")], coerce=int, initial=5, required=False
    )
    dimension = forms.ModelChoiceField(
        label="诊断的能力维度",
        queryset=CapabilityDimension.objects.filter(parent__isnull=False).select_related("parent"),
        required=False,
        empty_label="（不关联）",
        help_text="仅量表、评分、矩阵题；提交的答卷计入该维度的能力基线。",
    )

    def apply_to(self, question) -> None:
        data = self.cleaned_data
        question.kind = data["kind"]
        question.text = data["text"]
        question.help_text = data["help_text"]
        question.required = data["required"]
        question.options = data["options"]
        question.scale_max = data.get("scale_max") or 5
        question.dimension = data["dimension"]


def _choices(question) -> list[tuple[str, str]]:
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return [(str(i), label) for i, label in enumerate(question.option_list)]
    if question.kind == QuestionKind.RATING:
        return [(str(i), str(i)) for i in range(1, question.scale_max + 1)]
    return [(str(i), label) for i, label in enumerate(LIKERT_LABELS, start=1)]


class AnswerForm(forms.Form):
    """One field per question (a matrix: one per row), named ``q<id>`` / ``q<id>_<row>``.

    ``items`` keeps the questions in order with their bound fields, so the template shows
    section headings and matrices as they were built. ``answers()`` gives the stored form."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.layout = []
        for question in self.questions:
            names = []
            kind = question.kind
            required = question.required
            if kind in (QuestionKind.SINGLE, QuestionKind.LIKERT, QuestionKind.RATING):
                names.append(f"q{question.pk}")
                self.fields[names[0]] = forms.ChoiceField(
                    label=question.text, choices=_choices(question), required=required, widget=forms.RadioSelect
                )
            elif kind == QuestionKind.MULTIPLE:
                names.append(f"q{question.pk}")
                self.fields[names[0]] = forms.MultipleChoiceField(
                    label=question.text,
                    choices=_choices(question),
                    required=required,
                    widget=forms.CheckboxSelectMultiple,
                )
            elif kind in TEXT_LIMITS:
                names.append(f"q{question.pk}")
                widget = forms.Textarea(attrs={"rows": 4}) if kind == QuestionKind.LONG_TEXT else forms.TextInput
                self.fields[names[0]] = forms.CharField(
                    label=question.text, max_length=TEXT_LIMITS[kind], required=required, widget=widget
                )
            elif kind == QuestionKind.MATRIX:
                for row_index, row in enumerate(question.option_list):
                    name = f"q{question.pk}_{row_index}"
                    names.append(name)
                    self.fields[name] = forms.ChoiceField(
                        label=row, choices=_choices(question), required=required, widget=forms.RadioSelect
                    )
            for name in names:
                self.fields[name].error_messages["required"] = "这是必答题，请作答。"
                self.fields[name].error_messages["invalid_choice"] = "请选择列出的选项。"
            self.layout.append((question, names))

    @property
    def items(self):
        return [(question, [self[name] for name in names]) for question, names in self.layout]

    def answers(self) -> dict:
        """``{str(question id): value}``: an option index, a list of them, a 1–N number, text,
        or for a matrix a list of 1–5 numbers (``None`` for a row left empty)."""
        data = self.cleaned_data
        answers: dict = {}
        for question, names in self.layout:
            key = str(question.pk)
            kind = question.kind
            if kind == QuestionKind.MATRIX:
                rows = [int(data[name]) if data.get(name) else None for name in names]
                if any(v is not None for v in rows):
                    answers[key] = rows
            elif kind == QuestionKind.MULTIPLE:
                if data.get(names[0]):
                    answers[key] = sorted(int(v) for v in data[names[0]])
            elif kind in TEXT_LIMITS:
                if data.get(names[0], "").strip():
                    answers[key] = data[names[0]].strip()
            elif names and data.get(names[0]):
                answers[key] = int(data[names[0]])
        return answers
