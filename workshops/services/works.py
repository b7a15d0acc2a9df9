"""我的作品 (My works): a teacher creates, edits, submits, withdraws and resubmits their works
from the portal, never the CMS admin.

Everything goes through Wagtail's own APIs, so the trainers' admin queue, the history and the
notifications work exactly as they do for a work submitted in the page editor: a new work is
added under the library with ``add_child`` (never live), every save is a page revision
(``save_revision``), submitting starts the library's workflow (``Workflow.start``), a returned
work is resubmitted with ``WorkflowState.resume`` and a submission is withdrawn with
``WorkflowState.cancel``. Uploads are checked before anything is written (content by its
bytes, size, a video's real duration against the stage's limit) and the whole save is one
transaction: a refused file leaves no document, video or revision behind.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q

from wagtail.models import WorkflowState

from home.consent import consent_record
from resources.models import (
    AttachmentPart,
    GeneratedResourcePage,
    ResourceAttachment,
    ResourceIndexPage,
    ResourceKind,
    ReviewStatus,
    missing_parts,
)
from training.forms import probe_here
from training.services import (
    UploadRejected,
    document_check_upload,
    document_store,
    media_check_upload,
    media_limit_seconds,
    media_store,
)

from .common import WorkshopError

# Word, PDF, PowerPoint, Excel and images, told by their bytes (filetype), never by their names.
ATTACHMENT_KINDS = {"pdf", "doc", "docx", "ppt", "pptx", "xls", "xlsx", "jpg", "png", "gif", "webp"}
VIDEO_KINDS = {ResourceKind.MICRO_COURSE, ResourceKind.LESSON_RECORDING}


@dataclass
class Upload:
    file: UploadedFile
    part: str = AttachmentPart.OTHER


def my_works(*, user):
    """Every work the user wrote or owns, drafts included, most recently edited first."""
    return (
        GeneratedResourcePage.objects.filter(Q(owner=user) | Q(author=user))
        .select_related("subject", "stage", "grade")
        .order_by("-latest_revision_created_at", "-pk")
    )


def work_of(*, user, work_id: int) -> GeneratedResourcePage | None:
    """The user's own work with this id, or None (someone else's work is "not found")."""
    return my_works(user=user).filter(pk=work_id).first()


def work_status(page) -> str:
    """The status a teacher reads: 草稿, 校内审核中, 退回修改, 未通过, 已发布 (with its 推优 level)."""
    if page.live and page.review_status == ReviewStatus.APPROVED:
        label = "已发布"
        if page.recommendation_level:
            label += " · " + page.get_recommendation_level_display()
        if page.has_unpublished_changes:
            label += "（有未提交的修改）"
        return label
    return page.get_review_status_display()


def work_in_review(page) -> bool:
    state = page.current_workflow_state
    return state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS


def work_returned(page) -> bool:
    state = page.current_workflow_state
    return state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES


def _library() -> ResourceIndexPage:
    library = ResourceIndexPage.objects.live().first()
    if library is None:
        raise WorkshopError("资源库尚未建立，暂时无法创建作品，请联系管理员。")
    return library


def _check_attachment(upload: Upload) -> None:
    if upload.part not in AttachmentPart.values:
        raise WorkshopError("附件类别不正确。")
    try:
        document_check_upload(
            uploaded=upload.file,
            kinds=ATTACHMENT_KINDS,
            kinds_text="Word、PDF、PPT、Excel 或图片文件",
            label=f"附件“{upload.file.name}”",
        )
    except UploadRejected as error:
        raise WorkshopError(str(error)) from error


def _check_video(*, video: UploadedFile, kind: str, stage):
    purpose = "micro_lecture" if kind == ResourceKind.MICRO_COURSE else "recording"
    limit = media_limit_seconds(purpose=purpose, stage=stage)
    try:
        return media_check_upload(uploaded=video, media_type="video", limit_seconds=limit, probe=probe_here)
    except UploadRejected as error:
        raise WorkshopError(f"视频“{video.name}”：{error}") from error


def work_save(
    *,
    user,
    fields: dict,
    page: GeneratedResourcePage | None = None,
    uploads: list[Upload] = (),
    video: UploadedFile | None = None,
    remove_attachments: list[int] = (),  # document ids
    remove_video: bool = False,
    consent: dict | None = None,
) -> GeneratedResourcePage:
    """Save a draft of a new or existing work as a page revision; returns the page.

    ``fields``: title, kind, summary, body (a StreamField value), stage, grade, subject.
    A work under review cannot change (withdraw it first); a published work keeps its public
    version until the changed one is approved. ``consent`` (``RecordingConsentFields.consent_values``)
    is recorded for the work's video with the teacher as the confirming person (学生出镜授权).
    """
    if page is not None and work_in_review(page):
        raise WorkshopError("作品正在审核中，不能修改；如需修改，请先撤回提交。")
    for upload in uploads:
        _check_attachment(upload)
    measured = None
    if video is not None:
        if fields["kind"] not in VIDEO_KINDS:
            raise WorkshopError("只有微课和课堂实录需要上传视频。")
        measured = _check_video(video=video, kind=fields["kind"], stage=fields.get("stage"))

    profile = getattr(user, "profile", None)
    with transaction.atomic():
        if page is None:
            draft = GeneratedResourcePage(
                slug=f"work-{uuid.uuid4().hex[:12]}",
                owner=user,
                author=user,
                author_name=(profile.display_name if profile else "") or user.get_full_name() or user.get_username(),
                school=getattr(profile, "school", None),
                region=getattr(profile, "region", None) or getattr(getattr(profile, "school", None), "region", None),
                live=False,
                **fields,
            )
            _library().add_child(instance=draft)
            page = draft
        else:
            draft = page.get_latest_revision_as_object()
            for name, value in fields.items():
                setattr(draft, name, value)
        kept = [a for a in draft.attachments.all() if a.document_id not in set(remove_attachments)]
        for upload in uploads:
            document = document_store(upload=upload.file, user=user)
            kept.append(ResourceAttachment(document=document, part=upload.part))
        draft.attachments = kept
        if remove_video:
            draft.video = None
        if video is not None:
            draft.video = media_store(video=video, measured=measured, user=user)
        if consent is not None and draft.video is not None:
            consent_record(draft.video, confirmed_by=user, school=getattr(profile, "school", None), **consent)
        draft.save_revision(user=user, log_action=True)
    page.refresh_from_db()
    return page


def work_submit(*, user, page: GeneratedResourcePage) -> str:
    """Submit (or, after 退回修改, resubmit) the latest version for school review; returns the
    message the teacher sees. Refused with the list of what the work's kind still lacks."""
    page.refresh_from_db()
    if work_in_review(page):
        raise WorkshopError("作品已在审核中，无需重复提交。")
    missing = missing_parts(page.get_latest_revision_as_object())
    if missing:
        raise WorkshopError("还不能提交：缺少" + "、".join(missing) + "。请补齐后再提交。")
    if work_returned(page):
        page.current_workflow_state.resume(user=user)
        return "已重新提交，等待校内审核。"
    if page.live and not page.has_unpublished_changes:
        raise WorkshopError("作品已发布，没有需要提交的修改。")
    workflow = page.get_workflow()
    if workflow is None:
        raise WorkshopError("资源库没有设置审核流程，请联系管理员。")
    workflow.start(page, user)
    return "已提交校内审核，审核结果会通知您。"


def work_withdraw(*, user, page: GeneratedResourcePage) -> None:
    """Take a submission back before it is decided (撤回); the work returns to 草稿."""
    page.refresh_from_db()
    state = page.current_workflow_state
    if state is None or state.status not in (WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES):
        raise WorkshopError("作品不在审核中，无需撤回。")
    state.cancel(user=user)


def work_history(page) -> list:
    """Every decision on the work (submitted, returned with comment, approved, recommended …)."""
    return list(page.review_decisions.select_related("actor", "actor__profile").order_by("created_at", "pk"))
