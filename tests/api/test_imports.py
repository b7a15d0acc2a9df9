"""Bulk import through the API (``/api/v1/imports/``): an editor sends a JSON Lines file, gets a
job, and watches it finish; line errors are those of ``manage.py import_resources``; nobody else
may import or see the job; a task delivered twice imports once; a lost message is recovered."""

from __future__ import annotations

import datetime
import json
import re

import pytest

from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone

from api import imports
from api.models import ImportJob, ImportStatus, TokenCall
from api.services import TokenError, token_create
from resources.models import GeneratedResourcePage
from tests.factories import UserFactory, region

from .test_tokens import LOCMEM

pytestmark = pytest.mark.django_db

NDJSON = "application/x-ndjson"


def line(**overrides) -> str:
    record = {
        "external_id": "api-1",
        "kind": "teaching_design",
        "title": "《春》教学设计",
        "summary": "以朗读为主线。",
        "body": "一、教学目标\n\n二、教学过程",
        "subject": "语文",
        "stage": "初中",
        "grade": "七年级",
        "region": "湖南省/长沙市/岳麓区",
        "school": "长沙市岳麓区博才中学",
        "author": "刘芳",
        "tags": ["朗读教学"],
    }
    record.update(overrides)
    return json.dumps(record, ensure_ascii=False)


def body(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def secret_for(user, *scopes) -> str:
    return token_create(user=user, name="资源平台", scopes=list(scopes), days=30)[1]


def as_token(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def people(library):
    changsha = region("湖南省/长沙市")
    return {
        "editor": UserFactory(username="imp_editor", role="editor", role__region=changsha),
        "national": UserFactory(username="imp_national", role="editor"),
        "other_editor": UserFactory(username="imp_other", role="editor", role__region=changsha),
        "teacher": UserFactory(username="imp_teacher", role="teacher"),
        "trainer": UserFactory(username="imp_trainer", role="county_trainer", role__region=changsha),
    }


@pytest.fixture
def editor_client(people):
    return as_token(secret_for(people["editor"], "import_resources"))


def post(client, data: bytes, *, query: str = "", content_type: str = NDJSON, on_commit=None):
    """POST a file; the job's task runs when the request's transaction commits (eagerly here)."""
    if on_commit is None:
        return client.post(f"/api/v1/imports/{query}", data=data, content_type=content_type)
    with on_commit(execute=True):
        return client.post(f"/api/v1/imports/{query}", data=data, content_type=content_type)


def test_an_editor_imports_a_file_and_watches_the_job_finish(editor_client, django_capture_on_commit_callbacks):
    lines = [line(external_id=f"api-{n}", title=f"《春》教学设计{n}") for n in range(1, 6)]
    answer = post(editor_client, body(*lines), on_commit=django_capture_on_commit_callbacks)
    assert answer.status_code == 202
    created = answer.json()
    assert created["total_lines"] == 5 and created["status"] == "queued"
    assert answer["Location"] == created["url"] and created["url"].endswith(f"/api/v1/imports/{created['id']}/")

    status = editor_client.get(created["url"]).json()
    assert status["status"] == "succeeded" and status["status_label"] == "已完成"
    assert (status["processed"], status["percent"], status["created"], status["updated"]) == (5, 100, 5, 0)
    assert status["error_count"] == 0 and status["errors"] == [] and status["errors_truncated"] is False
    assert status["started_at"] and status["finished_at"]
    assert "新建 5 份" in status["message"]
    pages = GeneratedResourcePage.objects.filter(external_id__startswith="api-")
    assert pages.count() == 5 and all(page.live for page in pages)
    listed = editor_client.get("/api/v1/imports/").json()
    assert [job["id"] for job in listed["results"]] == [created["id"]]

    # The same file again updates by external_id; update_existing=false leaves them alone.
    again = post(editor_client, body(*lines), on_commit=django_capture_on_commit_callbacks).json()
    assert editor_client.get(again["url"]).json()["updated"] == 5
    skip = post(
        editor_client, body(*lines), query="?update_existing=false", on_commit=django_capture_on_commit_callbacks
    )
    assert editor_client.get(skip.json()["url"]).json()["skipped"] == 5
    assert GeneratedResourcePage.objects.filter(external_id__startswith="api-").count() == 5


def test_a_multipart_upload_is_accepted(editor_client, django_capture_on_commit_callbacks, tmp_path):
    path = tmp_path / "resources.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + body(line(external_id="form-1")))  # with a byte-order mark
    with django_capture_on_commit_callbacks(execute=True), path.open("rb") as fh:
        answer = editor_client.post("/api/v1/imports/", data={"file": fh})
    assert answer.status_code == 202
    assert editor_client.get(answer.json()["url"]).json()["created"] == 1
    assert GeneratedResourcePage.objects.filter(external_id="form-1").exists()


def test_line_errors_are_those_of_import_resources_with_their_line_numbers(
    editor_client, django_capture_on_commit_callbacks, tmp_path, capsys
):
    lines = [
        line(external_id="good-1"),
        "{not json",
        line(external_id="bad-kind", kind="lesson_plan"),
        "",
        line(external_id="bad-subject", subject="占星"),
        line(external_id="no-title", title=""),
        line(external_id="good-2", title="《背影》教学设计"),
    ]
    answer = post(editor_client, body(*lines), on_commit=django_capture_on_commit_callbacks)
    status = editor_client.get(answer.json()["url"]).json()
    assert status["status"] == "succeeded"  # a file with bad lines still finishes; its good lines land
    assert (status["created"], status["error_count"]) == (2, 4)
    assert [error["line"] for error in status["errors"]] == [2, 3, 5, 6]

    path = tmp_path / "same.jsonl"
    path.write_bytes(body(*lines))
    with pytest.raises(CommandError):
        call_command("import_resources", str(path), no_progress=True)
    reported = re.findall(r"第 (\d+) 行：(.*)", capsys.readouterr().err)
    assert [(int(n), reason) for n, reason in reported] == [(e["line"], e["reason"]) for e in status["errors"]]
    assert "未知的资源类型" in status["errors"][1]["reason"]


@override_settings(API_IMPORT_MAX_ERRORS=2)
def test_line_errors_are_capped_and_all_counted(editor_client, django_capture_on_commit_callbacks):
    answer = post(editor_client, body(*["{bad"] * 5), on_commit=django_capture_on_commit_callbacks)
    status = editor_client.get(answer.json()["url"]).json()
    assert status["error_count"] == 5 and len(status["errors"]) == 2 and status["errors_truncated"] is True


def test_an_editor_with_a_region_imports_only_inside_it(people, editor_client, django_capture_on_commit_callbacks):
    national = as_token(secret_for(people["national"], "import_resources"))
    post(
        national,
        body(line(external_id="tj-1", region="天津市/和平区", school="")),
        on_commit=django_capture_on_commit_callbacks,
    )
    lines = [
        line(external_id="in-1"),
        line(external_id="out-1", region="天津市/和平区", school=""),
        line(external_id="none-1", region="", school=""),
        line(external_id="tj-1", title="改写天津的资源"),  # inside by its line, outside by the resource
    ]
    answer = post(editor_client, body(*lines), on_commit=django_capture_on_commit_callbacks)
    status = editor_client.get(answer.json()["url"]).json()
    assert status["created"] == 1 and [e["line"] for e in status["errors"]] == [2, 3, 4]
    assert "不在您负责的区域“湖南省/长沙市”内" in status["errors"][0]["reason"]
    assert "要更新的资源所在区域" in status["errors"][2]["reason"]
    assert not GeneratedResourcePage.objects.filter(external_id__in=["out-1", "none-1"]).exists()
    assert GeneratedResourcePage.objects.get(external_id="tj-1").title == "《春》教学设计"


@pytest.mark.parametrize(
    ("data", "content_type", "status", "message"),
    [
        (b"\xff\xfe{}", NDJSON, 400, "不是 UTF-8 编码"),
        (b"", NDJSON, 400, "请求体应为 JSON Lines 文件"),
        (b"\n# only a comment\n", NDJSON, 400, "文件是空的"),
        (b'{"a": 1}\x00\n', NDJSON, 400, "空字符"),
        (b'{"a": 1}', "application/json", 415, "application/x-ndjson"),
        (b"file=x", "application/x-www-form-urlencoded", 415, "application/x-ndjson"),
    ],
)
def test_a_bad_body_is_refused_with_a_chinese_message_and_no_job(editor_client, data, content_type, status, message):
    answer = post(editor_client, data, content_type=content_type)
    assert answer.status_code == status
    assert message in answer.json()["detail"]
    assert not ImportJob.objects.exists()


def test_a_multipart_form_without_a_file_is_refused(editor_client):
    answer = editor_client.post("/api/v1/imports/", data={"other": "x"})
    assert answer.status_code == 400 and "file 字段" in answer.json()["detail"]
    assert not ImportJob.objects.exists()


@override_settings(API_IMPORT_MAX_BYTES=1024)
def test_a_file_over_the_limit_is_413(editor_client, tmp_path):
    big = body(*[line(external_id=f"big-{n}") for n in range(5)])
    answer = post(editor_client, big)
    assert answer.status_code == 413 and "文件过大" in answer.json()["detail"]
    path = tmp_path / "big.jsonl"
    path.write_bytes(big)
    with path.open("rb") as fh:
        assert editor_client.post("/api/v1/imports/", data={"file": fh}).status_code == 413
    huge = b"x" * (1024 * 1024 + 2048)  # past the limit plus the form's slack: refused unread
    assert post(editor_client, huge).status_code == 413
    assert not ImportJob.objects.exists()


def test_only_editors_with_the_scope_may_import(people):
    with pytest.raises(TokenError):  # a teacher's token can never carry the scope
        secret_for(people["teacher"], "import_resources")
    with pytest.raises(TokenError):
        secret_for(people["trainer"], "import_resources")
    refused = {
        "teacher": as_token(secret_for(people["teacher"], "read_own")),
        "trainer": as_token(secret_for(people["trainer"], "read_own", "region_stats")),
        "editor without the scope": as_token(secret_for(people["editor"], "read_own")),
        "anonymous": Client(),
    }
    for who, client in refused.items():
        answer = post(client, body(line()))
        assert answer.status_code in (401, 403), who
        assert answer.json()["detail"], who
        assert client.get("/api/v1/imports/").status_code in (401, 403), who
    assert post(refused["teacher"], body(line())).status_code == 403
    assert post(refused["anonymous"], body(line())).status_code == 401
    # An editor demoted to teacher loses the scope at once, whatever the token says.
    demoted = as_token(secret_for(people["other_editor"], "import_resources"))
    people["other_editor"].profile.role = "teacher"
    people["other_editor"].profile.save()
    assert post(demoted, body(line())).status_code == 403
    assert not ImportJob.objects.exists()


def test_another_editors_job_is_404_and_not_listed(people, editor_client, django_capture_on_commit_callbacks):
    job = post(editor_client, body(line()), on_commit=django_capture_on_commit_callbacks).json()
    other = as_token(secret_for(people["other_editor"], "import_resources"))
    assert other.get(f"/api/v1/imports/{job['id']}/").status_code == 404
    assert other.get("/api/v1/imports/").json()["count"] == 0
    assert other.get("/api/v1/imports/999999/").status_code == 404
    assert other.get("/api/v1/imports/abc/").status_code == 404
    superuser = UserFactory(is_superuser=True, is_staff=True)
    superuser.save()  # the factory sets the password after saving
    admin = Client()
    admin.force_login(superuser)
    assert admin.get(f"/api/v1/imports/{job['id']}/").json()["status"] == "succeeded"


@override_settings(CACHES=LOCMEM, API_RATE_TOKEN="2/hour")
def test_rate_limits_and_the_call_log_apply(editor_client):
    from django.core.cache import cache

    cache.clear()
    codes = [post(editor_client, body(line())).status_code for _ in range(2)]
    assert codes == [202, 202]
    assert post(editor_client, body(line())).status_code == 429
    assert ImportJob.objects.count() == 2
    assert list(TokenCall.objects.order_by("at", "pk").values_list("method", "path", "status")) == [
        ("POST", "/api/v1/imports/", 202),
        ("POST", "/api/v1/imports/", 202),
        ("POST", "/api/v1/imports/", 429),
    ]
    assert all(job.token.calls.exists() for job in ImportJob.objects.all())


def test_a_task_delivered_twice_imports_once(editor_client):
    job_id = post(editor_client, body(line(), line(external_id="api-2"))).json()["id"]  # task not run yet
    assert imports.import_job_run(job_id=job_id) is True
    assert imports.import_job_run(job_id=job_id) is False
    job = ImportJob.objects.get(pk=job_id)
    assert (job.status, job.created_count, job.updated_count) == (ImportStatus.SUCCEEDED, 2, 0)
    assert GeneratedResourcePage.objects.filter(external_id__startswith="api-").count() == 2


def test_a_job_whose_message_was_lost_is_sent_again_and_a_stalled_one_fails(
    editor_client, django_capture_on_commit_callbacks
):
    lost = post(editor_client, body(line())).json()["id"]  # committed, its message never delivered
    stalled = post(editor_client, body(line(external_id="api-2"))).json()["id"]
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    ImportJob.objects.filter(pk=lost).update(enqueued_at=long_ago)
    ImportJob.objects.filter(pk=stalled).update(status=ImportStatus.RUNNING, started_at=long_ago, heartbeat_at=long_ago)
    fresh = post(editor_client, body(line(external_id="api-3"))).json()["id"]  # its message is still on its way

    with django_capture_on_commit_callbacks(execute=True):
        assert imports.import_jobs_recover() == (1, 1)
    assert ImportJob.objects.get(pk=lost).status == ImportStatus.SUCCEEDED
    failed = editor_client.get(f"/api/v1/imports/{stalled}/").json()
    assert failed["status"] == "failed" and "执行导入的进程停止了" in failed["message"]
    assert ImportJob.objects.get(pk=fresh).status == ImportStatus.QUEUED


def test_a_job_that_raises_ends_failed_with_a_chinese_message(editor_client, monkeypatch):
    job_id = post(editor_client, body(line())).json()["id"]

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "resources_import", broken)
    imports.import_job_run(job_id=job_id)
    status = editor_client.get(f"/api/v1/imports/{job_id}/").json()
    assert status["status"] == "failed" and status["finished_at"]
    assert "导入中断" in status["message"] and "RuntimeError" in status["message"]


@pytest.mark.requires_service("postgres")
def test_postgres_runs_the_import_and_keeps_progress(editor_client, django_capture_on_commit_callbacks):
    lines = [line(external_id=f"pg-{n}", title=f"标题{n}") for n in range(600)]
    answer = post(editor_client, body(*lines), on_commit=django_capture_on_commit_callbacks)
    status = editor_client.get(answer.json()["url"]).json()
    assert (status["status"], status["created"], status["processed"]) == ("succeeded", 600, 600)


def test_the_token_page_shows_an_editors_import_jobs(people, editor_client, django_capture_on_commit_callbacks):
    job = post(editor_client, body(line(), "{bad"), on_commit=django_capture_on_commit_callbacks).json()
    editor = Client()
    people["editor"].save()  # the factory sets the password after saving
    editor.force_login(people["editor"])
    page = editor.get("/accounts/tokens/").content.decode()
    assert "最近的资源导入" in page and "已完成" in page and "失败 1 行" in page
    assert f"<td>{job['id']}</td>" in page
    other = Client()
    people["other_editor"].save()
    other.force_login(people["other_editor"])
    assert "失败 1 行" not in other.get("/accounts/tokens/").content.decode()
