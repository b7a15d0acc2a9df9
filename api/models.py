"""Personal access tokens (个人访问令牌) and the record of every call made with one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Scope(models.TextChoices):
    """What a token may do beyond reading public data (which any caller may)."""

    READ_OWN = "read_own", "读取本人记录（学分、选课与进度、我的作品）"
    REGION_STATS = "region_stats", "读取负责区域的统计（培训者、编辑）"
    IMPORT_RESOURCES = "import_resources", "导入资源（编辑）"


class AccessTokenQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class AccessToken(models.Model):
    """访问令牌: lets a machine client act as its user, within the token's scopes.

    Only a SHA-256 digest of the secret is stored: the secret is shown once, when created. A
    token's secret carries 256 random bits, so a plain digest is as good as a slow password
    hash here and lets each call find its token in one indexed lookup.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField("名称", max_length=60, help_text="说明这个令牌给哪个系统使用。")
    prefix = models.CharField("开头字符", max_length=16, help_text="令牌的前几个字符，便于辨认；不足以使用令牌。")
    digest = models.CharField("摘要", max_length=64, unique=True, editable=False)
    scopes = models.JSONField("权限范围", default=list)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("到期时间")
    last_used_at = models.DateTimeField("最近使用时间", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "访问令牌"
        verbose_name_plural = "访问令牌"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [labels.get(scope, scope) for scope in self.scopes]

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class TokenCall(models.Model):
    """调用记录: one API request made with a token (who, what, how it was answered, when)."""

    token = models.ForeignKey(AccessToken, verbose_name="令牌", on_delete=models.CASCADE, related_name="calls")
    method = models.CharField("方法", max_length=10)
    path = models.CharField("路径", max_length=300)
    status = models.PositiveSmallIntegerField("状态码")
    at = models.DateTimeField("时间", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "令牌调用记录"
        verbose_name_plural = "令牌调用记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "导入中"
    SUCCEEDED = "succeeded", "已完成"
    FAILED = "failed", "失败"


class ImportJob(models.Model):
    """导入任务: one bulk import of resources sent through the API (``POST /api/v1/imports/``).

    The JSON Lines are kept in the row itself (``lines``, a text field): the job and its data
    are committed together, so a worker never finds a job without its file, and no media
    storage has to be shared between web nodes and workers. The text is read only by the task
    (lists and status answers defer it). ``errors`` holds the first ``API_IMPORT_MAX_ERRORS``
    line errors as ``[[line number, reason], …]``; ``error_count`` counts them all.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提交人", on_delete=models.CASCADE, related_name="import_jobs"
    )
    token = models.ForeignKey(
        AccessToken, verbose_name="令牌", null=True, blank=True, on_delete=models.SET_NULL, related_name="import_jobs"
    )
    status = models.CharField("状态", max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    update_existing = models.BooleanField("更新已有资源", default=True)
    lines = models.TextField("导入内容", blank=True)
    total_lines = models.PositiveIntegerField("总行数", default=0)
    processed = models.PositiveIntegerField("已处理行数", default=0)
    created_count = models.PositiveIntegerField("新建", default=0)
    updated_count = models.PositiveIntegerField("更新", default=0)
    skipped_count = models.PositiveIntegerField("跳过", default=0)
    error_count = models.PositiveIntegerField("失败行数", default=0)
    errors = models.JSONField("行错误", default=list, blank=True)
    message = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)
    enqueued_at = models.DateTimeField("最近投递时间", default=timezone.now)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    heartbeat_at = models.DateTimeField("最近进展时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "enqueued_at"], name="api_importjob_status_idx")]

    def __str__(self) -> str:
        return f"导入任务 {self.pk}（{self.get_status_display()}）"

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.SUCCEEDED:
            return 100
        if not self.total_lines:
            return 0
        return min(100, self.processed * 100 // self.total_lines)
