"""教师工作坊 (inside a workshop): members, plans, activities with sign-up and attendance, threads,
resource pushes, files, self-service proposals, and the behaviour record (行为记录) of what
teachers do in the community.

Everything here is written through ``workshops.services`` and read through ``workshops.selectors``;
none of it is a page, so none of it reaches a search index or a page listing. The workshop page is
referred to by name (``"workshops.WorkshopPage"``): the page module imports the selectors, which
import these models, so this module must not import the page module.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from .choices import Visibility

USER = settings.AUTH_USER_MODEL


class MemberRole(models.TextChoices):
    CO_HOST = "co_host", "副坊主"
    MEMBER = "member", "成员"


class MemberStatus(models.TextChoices):
    PENDING = "pending", "待审核"
    INVITED = "invited", "已邀请"
    ACTIVE = "active", "正式成员"
    DECLINED = "declined", "未通过"
    REMOVED = "removed", "已移出"


class WorkshopMembership(models.Model):
    """工作坊成员: a teacher's place in a workshop, from request or invitation to active membership."""

    workshop = models.ForeignKey(
        "workshops.WorkshopPage", verbose_name="工作坊", on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(USER, verbose_name="教师", on_delete=models.CASCADE, related_name="workshop_memberships")
    role = models.CharField("角色", max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    status = models.CharField("状态", max_length=10, choices=MemberStatus.choices, default=MemberStatus.PENDING)
    message = models.CharField("申请说明", max_length=200, blank=True)
    created_at = models.DateTimeField("申请时间", default=timezone.now)
    decided_by = models.ForeignKey(
        USER, verbose_name="审核人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        verbose_name = "工作坊成员"
        verbose_name_plural = "工作坊成员"
        ordering = ["workshop", "-role", "created_at"]
        constraints = [models.UniqueConstraint(fields=["workshop", "user"], name="unique_workshop_member")]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self) -> str:
        return f"{self.workshop} · {self.user} · {self.get_status_display()}"


class WorkshopPlan(models.Model):
    """研修计划: a plan the hosts publish, in phases with dates."""

    workshop = models.ForeignKey(
        "workshops.WorkshopPage", verbose_name="工作坊", on_delete=models.CASCADE, related_name="plans"
    )
    title = models.CharField("计划名称", max_length=120)
    description = models.TextField("总体目标", blank=True)
    published_by = models.ForeignKey(
        USER, verbose_name="发布人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField("发布时间", default=timezone.now)

    class Meta:
        verbose_name = "研修计划"
        verbose_name_plural = "研修计划"
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class PlanPhase(models.Model):
    """研修阶段: one phase of a plan, with its dates and tasks."""

    plan = models.ForeignKey(WorkshopPlan, verbose_name="研修计划", on_delete=models.CASCADE, related_name="phases")
    name = models.CharField("阶段名称", max_length=80)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    tasks = models.TextField("阶段任务", blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "研修阶段"
        verbose_name_plural = "研修阶段"
        ordering = ["sort_order", "starts_on"]

    def __str__(self) -> str:
        return self.name


class ActivityKind(models.TextChoices):
    SEMINAR = "seminar", "主题研讨"
    LESSON_OBSERVATION = "observation", "听课评课"
    SAME_LESSON = "same_lesson", "同课异构"
    LECTURE = "lecture", "专家讲座"


class ActivityMode(models.TextChoices):
    ONLINE = "online", "线上"
    OFFLINE = "offline", "线下"


class WorkshopActivity(models.Model):
    """研修活动: an online or offline activity with sign-up, attendance and a summary afterwards."""

    workshop = models.ForeignKey(
        "workshops.WorkshopPage", verbose_name="工作坊", on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField("活动名称", max_length=120)
    kind = models.CharField("活动类型", max_length=20, choices=ActivityKind.choices, default=ActivityKind.SEMINAR)
    mode = models.CharField("形式", max_length=10, choices=ActivityMode.choices, default=ActivityMode.OFFLINE)
    starts_at = models.DateTimeField("开始时间")
    hours = models.DecimalField(
        "学时", max_digits=4, decimal_places=1, default=2, help_text="出勤后按学分规则折算学分。"
    )
    place = models.CharField("地点", max_length=120, blank=True)
    link = models.URLField("线上链接", blank=True)
    description = models.TextField("活动安排", blank=True)
    summary = models.TextField("活动总结", blank=True)
    summary_by = models.ForeignKey(
        USER, verbose_name="总结人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary_at = models.DateTimeField("总结时间", null=True, blank=True)
    created_by = models.ForeignKey(USER, verbose_name="发起人", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    showcase_case = models.ForeignKey(
        "showcase.ShowcaseCasePage",
        verbose_name="同课异构案例",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="同课异构活动生成的展示案例；再次生成时沿用此案例，不会重复创建。",
    )

    class Meta:
        verbose_name = "研修活动"
        verbose_name_plural = "研修活动"
        ordering = ["-starts_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_past(self) -> bool:
        return self.starts_at <= timezone.now()


class ActivitySignup(models.Model):
    """报名与出勤: a member signed up for an activity; hosts mark attendance."""

    activity = models.ForeignKey(
        WorkshopActivity, verbose_name="活动", on_delete=models.CASCADE, related_name="signups"
    )
    user = models.ForeignKey(USER, verbose_name="教师", on_delete=models.CASCADE, related_name="activity_signups")
    signed_up_at = models.DateTimeField("报名时间", default=timezone.now)
    attended = models.BooleanField("已出勤", default=False)
    marked_by = models.ForeignKey(
        USER, verbose_name="登记人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    marked_at = models.DateTimeField("登记时间", null=True, blank=True)

    class Meta:
        verbose_name = "活动报名"
        verbose_name_plural = "活动报名"
        constraints = [models.UniqueConstraint(fields=["activity", "user"], name="unique_activity_signup")]

    def __str__(self) -> str:
        return f"{self.activity} · {self.user}"


class DiscussionThread(models.Model):
    """研讨话题: a discussion thread; ``shared_from`` marks one shared in from another workshop (跨坊研修)."""

    workshop = models.ForeignKey(
        "workshops.WorkshopPage", verbose_name="工作坊", on_delete=models.CASCADE, related_name="threads"
    )
    title = models.CharField("标题", max_length=120)
    body = models.TextField("内容")
    author = models.ForeignKey(
        USER, verbose_name="发帖人", null=True, on_delete=models.SET_NULL, related_name="workshop_threads"
    )
    created_at = models.DateTimeField("发布时间", default=timezone.now)
    shared_from = models.ForeignKey(
        "self", verbose_name="转自", null=True, blank=True, on_delete=models.SET_NULL, related_name="shares"
    )

    class Meta:
        verbose_name = "研讨话题"
        verbose_name_plural = "研讨话题"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ThreadReply(models.Model):
    """回复: one reply in a thread."""

    thread = models.ForeignKey(DiscussionThread, verbose_name="话题", on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        USER, verbose_name="回复人", null=True, on_delete=models.SET_NULL, related_name="workshop_replies"
    )
    body = models.TextField("内容")
    created_at = models.DateTimeField("回复时间", default=timezone.now)

    class Meta:
        verbose_name = "回复"
        verbose_name_plural = "回复"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:30]


class ResourcePush(models.Model):
    """资源推送: a published library resource pushed to a workshop with a note (or shared in from another)."""

    workshop = models.ForeignKey(
        "workshops.WorkshopPage", verbose_name="工作坊", on_delete=models.CASCADE, related_name="pushes"
    )
    resource = models.ForeignKey(
        "resources.GeneratedResourcePage", verbose_name="资源", on_delete=models.CASCADE, related_name="+"
    )
    note = models.CharField("推送说明", max_length=300, blank=True)
    pushed_by = models.ForeignKey(
        USER, verbose_name="推送人", null=True, on_delete=models.SET_NULL, related_name="workshop_pushes"
    )
    pushed_at = models.DateTimeField("推送时间", default=timezone.now)
    shared_from = models.ForeignKey(
        "workshops.WorkshopPage",
        verbose_name="分享自",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "资源推送"
        verbose_name_plural = "资源推送"
        ordering = ["-pushed_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["workshop", "resource"], name="unique_push_per_workshop")]

    def __str__(self) -> str:
        return f"{self.workshop} ← {self.resource}"


class WorkshopFile(models.Model):
    """工作坊文件: a document uploaded to a workshop; in a members-only workshop only members download it."""

    workshop = models.ForeignKey(
        "workshops.WorkshopPage", verbose_name="工作坊", on_delete=models.CASCADE, related_name="files"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name="文件", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("名称", max_length=120)
    uploaded_by = models.ForeignKey(USER, verbose_name="上传人", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        verbose_name = "工作坊文件"
        verbose_name_plural = "工作坊文件"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


class WorkshopProposal(models.Model):
    """自主创建申请: a teacher proposes a workshop; an editor approves it (the page is then created)."""

    title = models.CharField("工作坊名称", max_length=120)
    intro = models.TextField("简介与研修主题")
    subject = models.ForeignKey(
        "home.Subject", verbose_name="学科", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.ForeignKey(
        "home.Stage", verbose_name="学段", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    visibility = models.CharField("可见范围", max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    proposer = models.ForeignKey(
        USER, verbose_name="申请人", on_delete=models.CASCADE, related_name="workshop_proposals"
    )
    status = models.CharField("状态", max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING)
    created_at = models.DateTimeField("申请时间", default=timezone.now)
    decided_by = models.ForeignKey(
        USER, verbose_name="审批人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    comment = models.TextField("审批意见", blank=True)
    workshop = models.ForeignKey(
        "workshops.WorkshopPage",
        verbose_name="创建的工作坊",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "工作坊创建申请"
        verbose_name_plural = "工作坊创建申请"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class BehaviorAction(models.TextChoices):
    JOINED = "joined", "加入工作坊"
    SIGNED_UP = "signed_up", "报名活动"
    ATTENDED = "attended", "参加活动"
    POSTED = "posted", "发起研讨"
    REPLIED = "replied", "回复研讨"
    PUSHED = "pushed", "推送资源"
    SHARED = "shared", "跨坊分享"
    UPLOADED = "uploaded", "上传文件"
    JOURNAL = "journal", "撰写研修日志"
    PLANNED = "planned", "制定研修计划"


class BehaviorRecord(models.Model):
    """行为记录: one thing a teacher did in the community; the personal space and the
    participation-over-time figures read these."""

    user = models.ForeignKey(USER, verbose_name="教师", on_delete=models.CASCADE, related_name="behavior_records")
    workshop = models.ForeignKey(
        "workshops.WorkshopPage",
        verbose_name="工作坊",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="behavior_records",
    )
    action = models.CharField("行为", max_length=20, choices=BehaviorAction.choices)
    description = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "行为记录"
        verbose_name_plural = "行为记录"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["workshop", "created_at"]), models.Index(fields=["user", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.get_action_display()}"
