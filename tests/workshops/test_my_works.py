"""我的作品: a teacher creates a work with its files and video in the portal, submits it, reads
the school trainer's comment, fixes it, resubmits and sees it published — without the admin.
Bad files are refused with a Chinese message and leave nothing behind; nobody else reaches a
teacher's works through these pages."""

from __future__ import annotations

import io
import zipfile

import pytest
from wagtailmedia.models import get_media_model

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents import get_document_model
from wagtail.models import Revision

from home.models import Grade, Stage, Subject
from resources.models import GeneratedResourcePage, ReviewStatus, WorkRequirement
from resources.review import services as review
from tests.review.conftest import current_task_state
from tests.review.conftest import world as world  # noqa: F401  (the fixture)
from tests.training.factories import make_video

NEW = "/workshops/me/works/new/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def docx(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def fields(**overrides) -> dict:
    stage = Stage.objects.get(name="初中")
    data = {
        "kind": "teaching_design",
        "title": "初中数学《一次函数的图像》教学设计",
        "stage": stage.pk,
        "grade": Grade.objects.filter(stage=stage).first().pk,
        "subject": Subject.objects.get(name="数学").pk,
        "summary": "用描点法画图像，归纳 k、b 对图像的影响。",
        "body": "## 教学目标\n\n会用描点法画一次函数的图像。\n\n## 教学过程\n\n情境导入：出租车计价。",
        "action": "save",
    }
    data.update(overrides)
    return data


def latest(page) -> GeneratedResourcePage:
    page.refresh_from_db()
    return page.get_latest_revision_as_object()


@pytest.fixture
def teacher_client(client, world):
    client.force_login(world.teacher)
    return client


def test_a_teacher_saves_a_draft_with_attachments_and_sees_it_in_my_works(teacher_client, world):
    form = teacher_client.get(NEW).content.decode()
    assert "新建作品" in form and "作品类型" in form and "保存草稿" in form
    assert 'href="/admin/' not in form  # nothing sends a teacher into the CMS
    response = teacher_client.post(
        NEW, fields(file_teaching_design=docx("教学设计.docx"), file_other=[pdf("反思.pdf")])
    )
    assert response.status_code == 302
    page = GeneratedResourcePage.objects.get(draft_title="初中数学《一次函数的图像》教学设计")
    assert not page.live and page.owner == world.teacher and page.school == world.a1
    draft = latest(page)
    assert [(a.part, a.document.uploaded_by_user) for a in draft.attachments.all()] == [
        ("teaching_design", world.teacher),
        ("other", world.teacher),
    ]
    assert [b.block_type for b in draft.body] == ["heading", "paragraph", "heading", "paragraph"]
    detail = teacher_client.get(response["Location"]).content.decode()
    assert "草稿已保存" in detail and "教学设计：教学设计" in detail
    listing = teacher_client.get("/workshops/me/works/").content.decode()
    assert "初中数学《一次函数的图像》教学设计" in listing and "草稿" in listing


def test_editing_keeps_what_was_not_touched_and_can_remove_a_file(teacher_client, world):
    teacher_client.post(NEW, fields(file_teaching_design=pdf("设计.pdf"), file_courseware=pdf("课件.pdf")))
    page = GeneratedResourcePage.objects.get()
    attachment = latest(page).attachments.get(part="courseware")
    form = teacher_client.get(f"/workshops/me/works/{page.pk}/edit/").content.decode()
    assert "会用描点法画一次函数的图像。" in form  # the body comes back as the teacher wrote it
    response = teacher_client.post(
        f"/workshops/me/works/{page.pk}/edit/",
        fields(title="初中数学《一次函数的图像》教学设计（修订）", remove_attachments=[attachment.document_id]),
    )
    assert response.status_code == 302
    draft = latest(page)
    assert draft.title.endswith("（修订）")
    assert [a.part for a in draft.attachments.all()] == ["teaching_design"]
    assert Revision.page_revisions.filter(object_id=str(page.pk)).count() == 2


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("设计.docx", b"MZ\x90\x00 this is a program"), "按文件内容检测"),
        (SimpleUploadedFile("空.pdf", b""), "空文件"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_saved(teacher_client, upload, message):
    response = teacher_client.post(NEW, fields(file_teaching_design=upload))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "初中数学《一次函数的图像》教学设计" in page  # what was typed is still there
    assert not GeneratedResourcePage.objects.exists()
    assert not get_document_model().objects.exists()


def test_grade_and_subject_must_fit_the_stage(teacher_client):
    primary = Stage.objects.get(name="小学")
    response = teacher_client.post(NEW, fields(stage=primary.pk))
    assert response.status_code == 400
    assert "不属于小学" in response.content.decode()
    assert not GeneratedResourcePage.objects.exists()


def test_submission_lists_what_the_kind_still_needs(teacher_client):
    teacher_client.post(NEW, fields(kind="micro_course", file_teaching_design=pdf("设计.pdf")))
    page = GeneratedResourcePage.objects.get()
    response = teacher_client.post(f"/workshops/me/works/{page.pk}/submit/", follow=True)
    text = response.content.decode()
    assert "缺少视频、学习任务单、课件、练习" in text
    page.refresh_from_db()
    assert page.review_status == ReviewStatus.DRAFT and page.current_workflow_state is None


def test_the_form_asks_about_pupils_on_camera_and_refuses_consent_without_its_audience(teacher_client):
    form = teacher_client.get(NEW).content.decode()
    for text in ("学生出镜情况", "无学生出镜", "已取得监护人同意", "尚未取得监护人同意", "可见范围", "允许下载"):
        assert text in form
    response = teacher_client.post(NEW, fields(pupils="consented", consent_audience=""))
    assert "已取得监护人同意时，请选择同意的范围。" in response.content.decode()
    assert not GeneratedResourcePage.objects.exists()


def test_editors_change_the_required_parts(teacher_client):
    WorkRequirement.objects.filter(kind="micro_course").update(needs_video=False, required_parts=["teaching_design"])
    teacher_client.post(NEW, fields(kind="micro_course", file_teaching_design=pdf("设计.pdf"), action="submit"))
    page = GeneratedResourcePage.objects.get()
    assert page.review_status == ReviewStatus.IN_REVIEW


@pytest.mark.requires_service("ffmpeg")
def test_the_whole_journey_in_the_portal(teacher_client, world, client, tmp_path):
    video = make_video(tmp_path / "weike.mp4", seconds=2)
    response = teacher_client.post(
        NEW,
        fields(
            kind="micro_course",
            title="初中数学微课《一次函数的图像》",
            video=SimpleUploadedFile("weike.mp4", video.read_bytes(), content_type="video/mp4"),
            pupils="none",  # a micro-lecture with no pupil on camera may be public
            visibility="public",
            file_teaching_design=pdf("教学设计.pdf"),
            file_task_sheet=pdf("学习任务单.pdf"),
            file_courseware=docx("课件.docx"),
            file_exercise=pdf("练习.pdf"),
            action="submit",
        ),
        follow=True,
    )
    assert "已提交校内审核" in response.content.decode()
    page = GeneratedResourcePage.objects.get()
    assert page.review_status == ReviewStatus.IN_REVIEW and not page.live
    assert latest(page).video.duration == pytest.approx(2.0, abs=0.3)
    assert "撤回提交" in response.content.decode() and "修改</a>" not in response.content.decode()

    review.resource_review_decide(
        task_state=current_task_state(page), user=world.school_trainer, action="reject", comment="请补充板书设计。"
    )
    detail = teacher_client.get(f"/workshops/me/works/{page.pk}/").content.decode()
    assert "退回修改" in detail and "请补充板书设计。" in detail and "修改完成，重新提交" in detail

    edit = teacher_client.post(
        f"/workshops/me/works/{page.pk}/edit/",
        fields(
            kind="micro_course",
            title="初中数学微课《一次函数的图像》",
            body="## 板书设计\n\n左侧表格，右侧图像。",
            action="submit",
        ),
        follow=True,
    )
    assert "已重新提交" in edit.content.decode()
    review.resource_review_decide(task_state=current_task_state(page), user=world.school_trainer, action="approve")
    page.refresh_from_db()
    assert page.live and page.review_status == ReviewStatus.APPROVED
    assert "已发布" in teacher_client.get("/workshops/me/works/").content.decode()

    public = client.get(page.url)
    client.logout()
    public = client.get(page.url).content.decode()
    assert "板书设计" in public and "<video" in public and "学习任务单" in public
    video_url = f"/media-file/{page.video_id}/"
    assert client.get(video_url, HTTP_RANGE="bytes=0-99").status_code == 206


@pytest.mark.requires_service("ffmpeg")
def test_a_micro_lecture_over_the_stage_limit_is_refused_with_its_length(teacher_client, tmp_path):
    from training.models import TrainingSettings

    settings = TrainingSettings.current()
    settings.max_video_minutes = 1
    settings.save()
    video = make_video(tmp_path / "long.mp4", seconds=65)
    response = teacher_client.post(
        NEW,
        fields(kind="micro_course", video=SimpleUploadedFile("long.mp4", video.read_bytes(), content_type="video/mp4")),
    )
    assert response.status_code == 400
    assert "超过微课上限 1 分钟" in response.content.decode()
    assert not GeneratedResourcePage.objects.exists() and not get_media_model().objects.exists()


def test_withdraw_returns_the_work_to_draft(teacher_client):
    WorkRequirement.objects.all().delete()
    teacher_client.post(NEW, fields(action="submit"))
    page = GeneratedResourcePage.objects.get()
    assert page.review_status == ReviewStatus.IN_REVIEW
    assert teacher_client.get(f"/workshops/me/works/{page.pk}/edit/").status_code == 302  # locked in review
    teacher_client.post(f"/workshops/me/works/{page.pk}/withdraw/")
    page.refresh_from_db()
    assert page.review_status == ReviewStatus.DRAFT and page.current_workflow_state is None


def test_the_preview_shows_the_draft_as_the_public_will_see_it(teacher_client):
    teacher_client.post(NEW, fields())
    page = GeneratedResourcePage.objects.get()
    preview = teacher_client.get(f"/workshops/me/works/{page.pk}/preview/")
    assert preview.status_code == 200
    assert "初中数学《一次函数的图像》教学设计" in preview.content.decode()
    assert teacher_client.get(page.url or f"/library/{page.slug}/").status_code == 404  # still private


@pytest.mark.parametrize("who", ["teacher_same_school", "teacher_other", "school_trainer"])
def test_nobody_else_reaches_a_teachers_work_here(client, world, who):
    client.force_login(world.teacher)
    client.post(NEW, fields())
    page = GeneratedResourcePage.objects.get()
    client.force_login(getattr(world, who))
    for suffix in ("", "edit/", "preview/"):
        assert client.get(f"/workshops/me/works/{page.pk}/{suffix}").status_code == 404
    for suffix in ("submit/", "withdraw/"):
        assert client.post(f"/workshops/me/works/{page.pk}/{suffix}").status_code == 404
    assert client.post(f"/workshops/me/works/{page.pk}/edit/", fields(title="改掉")).status_code == 404
    assert latest(page).title == "初中数学《一次函数的图像》教学设计"


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get("/workshops/me/works/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_reviewer_sees_the_checklist_of_a_submitted_work(client, world):
    WorkRequirement.objects.filter(kind="lesson_recording").update(needs_video=False)
    client.force_login(world.teacher)
    client.post(NEW, fields(kind="lesson_recording", file_teaching_design=pdf("设计.pdf"), action="submit"))
    page = GeneratedResourcePage.objects.get()
    assert page.review_status == ReviewStatus.IN_REVIEW
    client.force_login(world.school_trainer)
    record = client.get(f"/admin/review/page/{page.pk}/").content.decode()
    assert "必备部分" in record and "已齐全" in record and "教学设计：设计" in record


def test_the_returned_comment_reaches_the_portal_inbox_with_an_unread_count(teacher_client, world):
    WorkRequirement.objects.all().delete()
    teacher_client.post(NEW, fields(action="submit"))
    page = GeneratedResourcePage.objects.get()
    review.resource_review_decide(
        task_state=current_task_state(page), user=world.school_trainer, action="reject", comment="请补充板书设计。"
    )
    header = teacher_client.get("/workshops/me/works/").content.decode()
    assert 'class="unread"' in header
    inbox = teacher_client.get("/workshops/me/inbox/").content.decode()
    assert "请补充板书设计。" in inbox and f'href="/workshops/me/works/{page.pk}/"' in inbox
    assert 'class="unread"' not in teacher_client.get("/workshops/me/inbox/").content.decode()  # read once opened


def test_the_body_takes_headings_lists_and_bold_and_the_preview_shows_them(teacher_client):
    body = "## 教学过程\n\n先**复习**旧知。\n\n- 描点\n- 连线\n\n1. 观察\n2、归纳\n\n<script>alert(1)</script>"
    teacher_client.post(NEW, fields(body=body))
    page = GeneratedResourcePage.objects.get()
    preview = teacher_client.get(f"/workshops/me/works/{page.pk}/preview/").content.decode()
    assert "<b>复习</b>" in preview and "<ul><li>描点</li><li>连线</li></ul>" in preview
    assert "<ol><li>观察</li><li>归纳</li></ol>" in preview
    assert "<script>alert(1)</script>" not in preview and "&lt;script&gt;" in preview
    form = teacher_client.get(f"/workshops/me/works/{page.pk}/edit/").content.decode()
    assert "- 描点\n- 连线" in form and "先**复习**旧知。" in form  # comes back as written


def test_the_upload_with_a_progress_bar_gets_where_to_go_and_keeps_the_message(teacher_client):
    response = teacher_client.post(NEW, fields(), HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    page = GeneratedResourcePage.objects.get()
    assert response.json() == {"redirect": f"/workshops/me/works/{page.pk}/"}
    assert "草稿已保存" in teacher_client.get(response.json()["redirect"]).content.decode()
    refused = teacher_client.post(NEW, fields(title=""), HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    assert refused.status_code == 400 and "text/html" in refused["Content-Type"]  # the form, with its errors
