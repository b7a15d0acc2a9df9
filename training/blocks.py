"""Blocks of the training app: instant-quiz questions (即时问题测评) and rubric criteria (评分量规)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError


class QuestionKind:
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"
    CHOICES = [(SINGLE, "单选题"), (MULTIPLE, "多选题"), (TRUE_FALSE, "判断题")]


class QuizOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="选项内容", max_length=200)
    correct = blocks.BooleanBlock(label="正确答案", required=False)

    class Meta:
        icon = "tick"
        label = "选项"


class QuizQuestionBlock(blocks.StructBlock):
    """One instant-quiz question; scored at once when the teacher submits the quiz."""

    kind = blocks.ChoiceBlock(label="题型", choices=QuestionKind.CHOICES, default=QuestionKind.SINGLE)
    prompt = blocks.TextBlock(label="题干")
    options = blocks.ListBlock(QuizOptionBlock(), label="选项", required=False, help_text="判断题不用填写选项。")
    answer_true = blocks.BooleanBlock(label="判断题答案为“正确”", required=False)
    explanation = blocks.TextBlock(label="答案解析", required=False)
    time_point = blocks.IntegerBlock(
        label="出现时间点（秒）",
        required=False,
        min_value=0,
        help_text="播放到该时间时暂停并提示作答；留空则在视频后作答。",
    )

    class Meta:
        icon = "help"
        label = "测评题"

    def clean(self, value):
        value = super().clean(value)
        kind = value["kind"]
        options = list(value["options"] or [])
        correct = [o for o in options if o["correct"]]
        error = None
        if kind == QuestionKind.SINGLE and (len(options) < 2 or len(correct) != 1):
            error = "单选题至少需要 2 个选项，且只能有 1 个正确答案。"
        elif kind == QuestionKind.MULTIPLE and (len(options) < 2 or not correct):
            error = "多选题至少需要 2 个选项和 1 个正确答案。"
        elif kind == QuestionKind.TRUE_FALSE and options:
            error = "判断题不需要选项，请用“判断题答案为正确”勾选答案。"
        if error:
            raise StructBlockValidationError(block_errors={"options": ValidationError(error)})
        return value


class QuizStreamBlock(blocks.StreamBlock):
    question = QuizQuestionBlock()

    class Meta:
        block_counts = {"question": {"max_num": 20}}


class RubricCriterionBlock(blocks.StructBlock):
    """评分量规 criterion: peers give 0..max_points for it."""

    name = blocks.CharBlock(label="评分维度", max_length=60)
    description = blocks.TextBlock(label="评分说明", required=False)
    max_points = blocks.IntegerBlock(label="满分", min_value=1, max_value=100, default=10)

    class Meta:
        icon = "list-ul"
        label = "评分维度"


class RubricStreamBlock(blocks.StreamBlock):
    criterion = RubricCriterionBlock()

    class Meta:
        block_counts = {"criterion": {"min_num": 1, "max_num": 10}}
