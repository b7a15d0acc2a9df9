"""Bulk import of resources through the API (导入任务, ``/api/v1/imports/``).

An editor's machine client sends a JSON Lines file — the schema of ``manage.py
import_resources`` — and gets a job id at once; a Celery task (``api.tasks.import_job_run``)
runs ``resources.services.resources_import`` and writes its progress and outcome to the
job's row, which the client polls.

Who: editors (and superusers), through a token with the ``import_resources`` scope or their
signed-in session. An editor with a region imports only resources of that region (each line's
``region``, and the region of a resource a line updates); an editor without a region and a
superuser import anywhere — the admin's region rules (``resources.review.scope``).

Durability: the job row and its lines are committed before the task is sent
(``transaction.on_commit``). If the message is lost (Redis restarted, the broker down at that
moment) the job stays queued; ``import_jobs_recover`` — run by every worker when it starts and
by Celery beat every minute — sends the task again for a job queued longer than
``API_IMPORT_REQUEUE_SECONDS``. The task claims its job with one conditional UPDATE
(queued → running), so a message delivered twice, or sent again while the first is still
waiting, imports once. A job running without progress for ``API_IMPORT_STALE_SECONDS`` (its
worker was killed mid-import) is marked failed: the batches it committed stay (each batch of
500 lines commits on its own), and sending the same file again updates those resources by
their ``external_id``.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from home.models import Role
from home.people import profile_of
from resources.services import ImportLineError, resources_import

from .models import AccessToken, ImportJob, ImportStatus, Scope

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 250  # lines between progress writes (a batch of 500 commits two of them)
MAX_LINES = 200_000


class ImportRequestError(ValueError):
    """A refused import request; the message is shown to the caller. ``status`` the HTTP status."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def may_import(user) -> bool:
    """Editors and superusers import resources (the ``import_resources`` scope's holders)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    profile = profile_of(user)
    return profile is not None and profile.role == Role.EDITOR


def region_scope_of(user) -> str | None:
    """The region path an importing editor is held to; None for everywhere (a superuser, an
    editor without a region)."""
    if user.is_superuser:
        return None
    profile = profile_of(user)
    region = profile.scope_region if profile is not None else None
    return region.path if region is not None else None


def decode_lines(data: bytes) -> str:
    """The body as text: UTF-8 (a byte-order mark allowed), no NUL byte."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRequestError(f"文件不是 UTF-8 编码（第 {exc.start} 字节附近）。") from None
    if "\x00" in text:
        raise ImportRequestError("文件中含有空字符（NUL），不是 JSON Lines 文本。")
    return text


def import_job_create(*, user, token: AccessToken | None, data: bytes, update_existing: bool = True) -> ImportJob:
    """Store an import job and send its task once the job is committed."""
    if not may_import(user):
        raise ImportRequestError("只有编辑可以导入资源。", status=403)
    if token is not None and Scope.IMPORT_RESOURCES not in token.scopes:
        raise ImportRequestError("此令牌没有“import_resources”权限范围。", status=403)
    limit = settings.API_IMPORT_MAX_BYTES
    if len(data) > limit:
        raise ImportRequestError(f"文件过大：最多 {limit // (1024 * 1024)} MB，请分成几个文件提交。", status=413)
    text = decode_lines(data)
    lines = text.splitlines()
    if not any(line.strip() and not line.strip().startswith("#") for line in lines):
        raise ImportRequestError("文件是空的：请每行提供一份资源的 JSON。")
    if len(lines) > MAX_LINES:
        raise ImportRequestError(f"文件最多 {MAX_LINES} 行，请分成几个文件提交。", status=413)
    job = ImportJob.objects.create(
        owner=user, token=token, lines=text, total_lines=len(lines), update_existing=update_existing
    )
    _send(job.pk)
    return job


def _send(job_id: int) -> None:
    from .tasks import import_job_run

    transaction.on_commit(lambda: import_job_run.delay(job_id=job_id))


def _claim(job_id: int) -> bool:
    """Queued → running, for exactly one caller."""
    now = timezone.now()
    return bool(
        ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
            status=ImportStatus.RUNNING, started_at=now, heartbeat_at=now, processed=0
        )
    )


def import_job_run(*, job_id: int) -> bool:
    """Run a queued job; False if it is not queued (running elsewhere, finished, unknown)."""
    if not _claim(job_id):
        return False
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    done = 0

    def progress() -> None:
        nonlocal done
        done += 1
        if done % PROGRESS_EVERY == 0:
            # Inside the batch's transaction: seen by pollers as each batch commits.
            ImportJob.objects.filter(pk=job_id).update(processed=done, heartbeat_at=timezone.now())

    try:
        if not may_import(job.owner):
            raise ImportLineError("提交人已不是编辑，不能再导入资源。")
        # Django's query log (DEBUG) costs a quarter of an import's time; a worker only imports.
        with override_settings(DEBUG=False):
            result = resources_import(
                lines=job.lines.splitlines(),
                progress=progress,
                update_existing=job.update_existing,
                region_scope=region_scope_of(job.owner),
            )
    except ImportLineError as exc:
        _finish(job_id, status=ImportStatus.FAILED, message=str(exc))
        return True
    except Exception as exc:
        logger.exception("import job %s failed", job_id)
        _finish(
            job_id,
            status=ImportStatus.FAILED,
            message=f"导入中断：服务器内部错误（{exc.__class__.__name__}）。已提交的批次已保存；"
            "可重新提交同一文件（external_id 相同的行会更新）。",
        )
        return True
    _finish(
        job_id,
        status=ImportStatus.SUCCEEDED,
        processed=job.total_lines,
        created_count=result.created,
        updated_count=result.updated,
        skipped_count=result.skipped,
        error_count=len(result.failed),
        errors=[[number, reason] for number, reason in result.failed[: settings.API_IMPORT_MAX_ERRORS]],
        message=(
            f"导入完成：新建 {result.created} 份，更新 {result.updated} 份，跳过 {result.skipped} 份，"
            f"失败 {len(result.failed)} 行。"
        ),
    )
    return True


def _finish(job_id: int, *, status: str, message: str, **fields) -> None:
    now = timezone.now()
    ImportJob.objects.filter(pk=job_id).update(
        status=status, message=message[:300], finished_at=now, heartbeat_at=now, **fields
    )


def import_jobs_recover(*, now=None) -> tuple[int, int]:
    """Send again the task of every job queued too long (its message may be lost); mark failed
    every running job without progress for too long (its worker stopped). Returns the two
    numbers. See the module docstring."""
    now = now or timezone.now()
    requeue_before = now - timedelta(seconds=settings.API_IMPORT_REQUEUE_SECONDS)
    stale_before = now - timedelta(seconds=settings.API_IMPORT_STALE_SECONDS)
    queued = list(
        ImportJob.objects.filter(status=ImportStatus.QUEUED, enqueued_at__lt=requeue_before).values_list(
            "pk", flat=True
        )
    )
    for job_id in queued:
        with transaction.atomic():
            if ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(enqueued_at=now):
                _send(job_id)
    stale = ImportJob.objects.filter(status=ImportStatus.RUNNING).filter(
        Q(heartbeat_at__lt=stale_before) | Q(heartbeat_at__isnull=True, started_at__lt=stale_before)
    )
    interrupted = stale.update(
        status=ImportStatus.FAILED,
        finished_at=now,
        message="导入中断：执行导入的进程停止了。已提交的批次已保存；可重新提交同一文件（external_id 相同的行会更新）。",
    )
    return len(queued), interrupted


def user_import_jobs(*, user):
    """The user's jobs, newest first, without their lines."""
    return ImportJob.objects.filter(owner=user).defer("lines").order_by("-created_at", "-pk")


def import_job_for(*, user, job_id: int) -> ImportJob | None:
    """The job if ``user`` owns it (or is a superuser); None otherwise, so others learn nothing."""
    jobs = ImportJob.objects.defer("lines")
    if not user.is_superuser:
        jobs = jobs.filter(owner=user)
    return jobs.filter(pk=job_id).first()
