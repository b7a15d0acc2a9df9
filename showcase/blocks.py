"""Blocks of the 同课异构 showcase: the time allocation (时间分配) of a lesson design."""

from django.core.exceptions import ValidationError

from wagtail import blocks

# Phase kinds share a colour in every timeline, so the same kind of phase lines up
# visually across designs; the order is the usual order of a lesson.
PHASE_KINDS = [
    ("intro", "情境导入"),
    ("explore", "探究新知"),
    ("cooperate", "合作交流"),
    ("practice", "练习巩固"),
    ("assess", "评价反馈"),
    ("summary", "总结提升"),
    ("extend", "拓展延伸"),
]
MAX_LESSON_MINUTES = 120


class LessonPhaseBlock(blocks.StructBlock):
    """One phase (环节) of a lesson and the minutes it takes."""

    kind = blocks.ChoiceBlock(label="环节类型", choices=PHASE_KINDS, default="explore")
    label = blocks.CharBlock(
        label="环节名称", max_length=30, required=False, help_text="留空则显示环节类型，如“赵爽弦图拼图活动”。"
    )
    minutes = blocks.IntegerBlock(label="时长（分钟）", min_value=1, max_value=MAX_LESSON_MINUTES)

    class Meta:
        icon = "time"
        label = "教学环节"


class TimeAllocationBlock(blocks.StreamBlock):
    phase = LessonPhaseBlock()

    class Meta:
        icon = "time"
        label = "时间分配"

    def clean(self, value):
        value = super().clean(value)
        total = sum(child.value["minutes"] for child in value)
        if total > MAX_LESSON_MINUTES:
            raise blocks.StreamBlockValidationError(
                non_block_errors=ValidationError(f"各环节合计 {total} 分钟，超过了 {MAX_LESSON_MINUTES} 分钟。")
            )
        return value
