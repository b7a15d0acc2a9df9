"""Models of review and recommendation (审核与推优); see the package docstring for the design."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

from wagtail.admin.panels import FieldPanel
from wagtail.models import Task, TaskState


class ReviewLevel(models.TextChoices):
    """The unit a reviewer acts for, lowest first: 学校 → 区县 → 市 → 省 → 全站."""

    SCHOOL = "school", "校级"
    COUNTY = "county", "县级"
    CITY = "city", "市级"
    PROVINCE = "province", "省级"
    SITE = "site", "平台"


LEVEL_ORDER = [ReviewLevel.SCHOOL, ReviewLevel.COUNTY, ReviewLevel.CITY, ReviewLevel.PROVINCE, ReviewLevel.SITE]


class RecommendationLevel(models.IntegerChoices):
    """推优 level reached by a work; higher is better. Filled by the review workflow."""

    NONE = 0, "未推优"
    SCHOOL = 1, "校级推荐"
    COUNTY = 2, "县级优秀"
    CITY = 3, "市级优秀"
    PROVINCE = 4, "省级优秀"


# The recommendation ladder (推优阶梯), written once: each level above 校级推荐 is granted by
# reviewers of one review level, and is named by its label everywhere (messages, badges, quotas).
GRANTING_LEVEL = {
    RecommendationLevel.COUNTY: ReviewLevel.COUNTY,
    RecommendationLevel.CITY: ReviewLevel.CITY,
    RecommendationLevel.PROVINCE: ReviewLevel.PROVINCE,
}
LEVEL_LABELS = {level.value: level.label for level in RecommendationLevel if level}


class ReviewStatus(models.TextChoices):
    """School review status of a work (校内审核状态), kept on the page for listings and queries."""

    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "校内审核中"
    CHANGES_REQUESTED = "changes_requested", "退回修改"
    REJECTED = "rejected", "未通过"
    APPROVED = "approved", "已发布"


class Decision(models.TextChoices):
    SUBMITTED = "submitted", "提交审核"
    APPROVED = "approved", "审核通过并发布"
    CHANGES_REQUESTED = "changes_requested", "退回修改"
    REJECTED = "rejected", "不予通过"
    NOMINATED = "nominated", "推荐至县级"
    ACCEPTED = "accepted", "评为县级优秀"
    DECLINED = "declined", "不予推优"
    PROMOTED = "promoted", "晋级推优"
    WITHDRAWN = "withdrawn", "撤销推优"
    CANCELLED = "cancelled", "撤回审核"
    AWARD_SUSPENDED = "award_suspended", "推优待复核（获奖版本已修改）"
    AWARD_CONFIRMED = "award_confirmed", "确认修改后保留推优"


class ScopedReviewTask(Task):
    """Region-scoped review step (分级审核任务) of a Wagtail workflow.

    Unlike ``GroupApprovalTask``, the reviewers are not a fixed group: they are the trainers
    or editors responsible for the work's school or region at ``level``, minus the author
    (recusal); with nobody left there, the next level up reviews.
    """

    level = models.CharField(
        "审核层级",
        max_length=10,
        choices=[
            (ReviewLevel.SCHOOL.value, ReviewLevel.SCHOOL.label),
            (ReviewLevel.COUNTY.value, ReviewLevel.COUNTY.label),
        ],
        default=ReviewLevel.SCHOOL,
        help_text="由作品所属学校（或区县）的培训者审核；作者本人回避。",
    )

    admin_form_fields = Task.admin_form_fields + ["level"]

    class Meta:
        verbose_name = "分级审核任务"
        verbose_name_plural = "分级审核任务"

    def _is_reviewer(self, obj, user) -> bool:
        from wagtail.models import Page, PagePermissionTester

        from resources.models import GeneratedResourcePage

        from .scope import user_is_reviewer

        if isinstance(obj, Page) and not isinstance(obj, GeneratedResourcePage):
            obj = obj.specific_deferred
        if not isinstance(obj, GeneratedResourcePage):
            # Other pages under the library (the library itself): those who may publish them review.
            return PagePermissionTester(user, obj).can_publish()
        return user_is_reviewer(user=user, page=obj, level=self.level)

    def user_can_access_editor(self, obj, user):
        return self._is_reviewer(obj, user)

    def locked_for_user(self, obj, user):
        # While in review only the reviewers may edit; the author waits for the decision.
        return not self._is_reviewer(obj, user)

    def user_can_lock(self, obj, user):
        return self._is_reviewer(obj, user)

    def get_actions(self, obj, user):
        if not self._is_reviewer(obj, user):
            return []
        return [
            ("reject", "退回修改", True),
            ("refuse", "不予通过", True),
            ("approve", "通过并发布", False),
            ("approve", "通过并附意见", True),
        ]

    def get_form_for_action(self, action):
        return RequiredCommentForm if action in ("reject", "refuse") else OptionalCommentForm

    def on_action(self, task_state, user, action_name, **kwargs):
        from resources.models import GeneratedResourcePage

        from .services import ReviewError, resource_review_decide

        if not isinstance(task_state.workflow_state.content_object.specific_deferred, GeneratedResourcePage):
            # Not a work (the library page itself): Wagtail's own approve / request changes.
            action_name = "reject" if action_name == "refuse" else action_name
            return super().on_action(task_state, user, action_name, **kwargs)

        try:
            resource_review_decide(
                task_state=task_state, user=user, action=action_name, comment=kwargs.get("comment", "")
            )
        except ReviewError as error:
            raise PermissionDenied(str(error)) from error

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from .scope import task_state_ids_reviewable_by

        return TaskState.objects.filter(pk__in=task_state_ids_reviewable_by(user=user, task=self))

    @classmethod
    def get_description(cls):
        return "作品所属学校或区县的培训者审核；作者回避，无人可审时交上一级。"


class RequiredCommentForm(forms.Form):
    comment = forms.CharField(
        label="意见",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=True,
        error_messages={"required": "请填写意见，作者将据此修改。"},
    )


class OptionalCommentForm(forms.Form):
    comment = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 4}), required=False)


class RecommendationStatus(models.TextChoices):
    PENDING = "pending", "待评审"
    ACCEPTED = "accepted", "已认定"
    DECLINED = "declined", "未通过"
    WITHDRAWN = "withdrawn", "已撤销"


class Recommendation(models.Model):
    """推优: one step of a published work up the ladder (to 县级 / 市级 / 省级优秀).

    A county step is nominated by the school and decided by the county (pending → accepted or
    declined); city and province steps are granted directly by the enclosing region (accepted).
    Any accepted step can later be withdrawn by the authority that granted it.
    """

    page = models.ForeignKey(
        "resources.GeneratedResourcePage", verbose_name="作品", on_delete=models.CASCADE, related_name="recommendations"
    )
    level = models.PositiveSmallIntegerField("推优级别", help_text="RecommendationLevel: 2 县级, 3 市级, 4 省级。")
    status = models.CharField(
        "状态", max_length=10, choices=RecommendationStatus.choices, default=RecommendationStatus.PENDING
    )
    year = models.PositiveSmallIntegerField("年度", help_text="名额按此年度计算。")
    school = models.ForeignKey(
        "home.School", verbose_name="推荐学校", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    region = models.ForeignKey(
        "home.Region",
        verbose_name="评审区域",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="作出认定的区域：县级推优为区县，市级为市，省级为省。",
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="推荐人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    nominated_at = models.DateTimeField("推荐时间", default=timezone.now)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name="认定的版本",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="推荐或认定时公开的作品版本；作品内容修改后需由认定层级确认。",
    )
    reason = models.TextField("推荐理由", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="认定人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("认定时间", null=True, blank=True)
    decision_comment = models.TextField("评审意见", blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤销人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField("撤销时间", null=True, blank=True)
    withdraw_reason = models.TextField("撤销理由", blank=True)

    class Meta:
        verbose_name = "推优记录"
        verbose_name_plural = "推优记录"
        ordering = ["-nominated_at"]
        indexes = [models.Index(fields=["status", "level"])]

    def __str__(self) -> str:
        return f"{self.page} · {self.get_level_display()} · {self.get_status_display()}"

    def get_level_display(self) -> str:
        from resources.models import RecommendationLevel

        return RecommendationLevel(self.level).label


class ReviewDecision(models.Model):
    """审核记录: one decision on a work — who, when, at which level, what, and why. Never edited."""

    page = models.ForeignKey(
        "resources.GeneratedResourcePage",
        verbose_name="作品",
        on_delete=models.CASCADE,
        related_name="review_decisions",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(
        "操作人姓名", max_length=100, blank=True, help_text="记录当时的姓名，账号删除后仍可读。"
    )
    level = models.CharField("层级", max_length=10, choices=ReviewLevel.choices)
    decision = models.CharField("决定", max_length=20, choices=Decision.choices)
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name="评审的版本",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField("意见", blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name="推优记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )

    class Meta:
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d} {self.actor_name} {self.get_decision_display()}"


class NotificationCategory(models.TextChoices):
    REVIEW = "review", "审核推优"
    WORKSHOP = "workshop", "工作坊"
    COURSE = "course", "课程"
    CREDIT = "credit", "学分"
    SURVEY = "survey", "调查问卷"
    RESEARCH = "research", "研修诊断"
    MENTOR = "mentor", "导师跟踪"
    DIAGNOSIS = "diagnosis", "课堂诊断"


class ReviewNotification(models.Model):
    """站内消息: what a user is told about a decision on a work, a workshop event, a course
    event or a credit change (``category``); ``link`` is where the message leads."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="收件人", on_delete=models.CASCADE, related_name="review_notifications"
    )
    page = models.ForeignKey(
        "resources.GeneratedResourcePage", verbose_name="作品", null=True, on_delete=models.CASCADE, related_name="+"
    )
    decision = models.ForeignKey(ReviewDecision, null=True, on_delete=models.SET_NULL, related_name="notifications")
    category = models.CharField(
        "类别", max_length=20, choices=NotificationCategory.choices, default=NotificationCategory.REVIEW
    )
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True, help_text="站内地址，消息点开后去往的页面。")
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject


class RecommendationQuota(models.Model):
    """推优名额: how many works one unit may send to a level in a year.

    County nominations are counted per school, city promotions per county, province
    promotions per city. A quota with a region applies to the units inside it and wins
    over a quota without one; no quota at all means no limit.
    """

    level = models.PositiveSmallIntegerField(
        "推优级别", choices=[(2, "县级优秀（按学校计）"), (3, "市级优秀（按区县计）"), (4, "省级优秀（按市计）")]
    )
    year = models.PositiveSmallIntegerField("年度")
    region = models.ForeignKey(
        "home.Region",
        verbose_name="适用区域",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="留空则适用于全部区域；填写后只适用于该区域内的学校或区县，并优先于不限区域的名额。",
    )
    limit = models.PositiveSmallIntegerField("名额", help_text="每个单位每年最多推荐的作品数。")

    panels = [FieldPanel("level"), FieldPanel("year"), FieldPanel("region"), FieldPanel("limit")]

    class Meta:
        verbose_name = "推优名额"
        verbose_name_plural = "推优名额"
        ordering = ["-year", "level"]
        constraints = [
            models.UniqueConstraint(fields=["level", "year", "region"], name="unique_quota_per_level_year_region")
        ]

    def __str__(self) -> str:
        where = self.region.path if self.region_id else "全部区域"
        return f"{self.year} 年 {self.get_level_display()} · {where} · {self.limit} 项"
