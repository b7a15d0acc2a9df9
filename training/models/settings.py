"""Site settings of the training app: the micro-lecture length limit per stage and upload sizes."""

from __future__ import annotations

from django.db import models

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Site

from home.models import Stage


@register_setting(icon="media")
class TrainingSettings(ClusterableModel, BaseSiteSetting):
    """课程与微课设置: how long a micro-lecture may be (the guide: ≤ 15 minutes) and upload sizes."""

    max_video_minutes = models.PositiveSmallIntegerField(
        "微课时长上限（分钟）", default=15, help_text="国家指南：每段微课原则上不超过 15 分钟。可按学段另设。"
    )
    max_video_upload_mb = models.PositiveIntegerField(
        "视频文件大小上限（MB）", default=500, help_text="超过此大小的视频在接收时即被拒绝，不会完整缓存到服务器。"
    )
    max_submission_file_mb = models.PositiveIntegerField("作业附件大小上限（MB）", default=20)

    panels = [
        MultiFieldPanel([FieldPanel("max_video_minutes"), InlinePanel("stage_limits", label="按学段设置")], "微课时长"),
        MultiFieldPanel([FieldPanel("max_video_upload_mb"), FieldPanel("max_submission_file_mb")], "上传大小"),
    ]

    class Meta:
        verbose_name = "课程与微课设置"

    @classmethod
    def current(cls) -> TrainingSettings:
        """Settings of the default site (for services and upload handlers that have no page)."""
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        if site is None:
            return cls()
        return cls.for_site(site)

    def video_limit_seconds(self, *, stage: Stage | None = None) -> int:
        if stage is not None:
            for limit in self.stage_limits.all():
                if limit.stage_id == stage.pk:
                    return limit.max_minutes * 60
        return self.max_video_minutes * 60


class StageVideoLimit(Orderable):
    """A stage whose micro-lectures have another length limit (e.g. 幼儿园 10 minutes)."""

    settings = ParentalKey(TrainingSettings, on_delete=models.CASCADE, related_name="stage_limits")
    stage = models.ForeignKey(Stage, verbose_name="学段", on_delete=models.CASCADE, related_name="+")
    max_minutes = models.PositiveSmallIntegerField("时长上限（分钟）")

    panels = [FieldPanel("stage"), FieldPanel("max_minutes")]

    class Meta(Orderable.Meta):
        verbose_name = "学段时长上限"
        constraints = [models.UniqueConstraint(fields=["settings", "stage"], name="unique_video_limit_per_stage")]
