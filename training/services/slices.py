"""Lesson slices (课堂切片): a course trainer's diagnosis of a time range of a lesson recording."""

from __future__ import annotations

from ..models import CoursePage, LessonSlice, format_duration
from .errors import TrainingError


def slice_add(*, recording, trainer, title: str, start_seconds: int, end_seconds: int, diagnosis: str):
    """A trainer's 课堂切片 diagnosis on a recording, published as a new revision of the page.

    Slices are inline rows of the page, so they go through a revision: an editor's next
    publish keeps them. A page with unpublished edits is refused rather than published.
    """
    course = CoursePage.objects.get(pk=recording.get_parent().get_parent().pk)
    if not course.is_trainer(trainer):
        raise TrainingError("只有本课程的培训者可以添加切片诊断。")
    if recording.has_unpublished_changes:
        raise TrainingError("该课堂实录有尚未发布的修改，请先由编辑发布后再添加切片诊断。")
    title, diagnosis = title.strip(), diagnosis.strip()
    if not title or not diagnosis:
        raise TrainingError("请填写切片标题和诊断意见。")
    if start_seconds < 0 or end_seconds <= start_seconds:
        raise TrainingError("结束时间必须晚于开始时间。")
    duration = recording.video.duration if recording.video else 0
    if duration and end_seconds > duration + 1:
        raise TrainingError(f"切片超出了录像时长（{format_duration(duration)}）。")
    piece = LessonSlice(
        title=title[:80], start_seconds=start_seconds, end_seconds=end_seconds, diagnosis=diagnosis, trainer=trainer
    )
    recording.slices.add(piece)
    # The course-trainer check above is the permission rule here; trainers hold no page rights.
    recording.save_revision(user=trainer, log_action=True).publish(user=trainer, skip_permission_checks=True)
    return recording.slices.get(title=piece.title, start_seconds=start_seconds, trainer=trainer)
