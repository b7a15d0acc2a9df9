"""Demo content of the API for ``manage.py load_demo`` (declared as ``ApiConfig.demo_loader``):
the Changsha editor (editor_changsha) holds a token for a resource platform and has sent one bulk
import through it, with a bad line, so the 访问令牌 page shows the token, its calls and the job.

Idempotent: nothing is added when the editor already has an import job.
"""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.utils import timezone

from resources import demo_corpus

from . import imports, services
from .models import TokenCall

EDITOR = "editor_changsha"
JOB_LINES = 12


def load_demo(*, stdout) -> None:
    editor = get_user_model().objects.filter(username=EDITOR).first()
    if editor is None or not imports.may_import(editor):
        stdout.write("开放接口演示数据：没有长沙市编辑账号，跳过。")
        return
    if editor.import_jobs.exists():
        return
    scope = imports.region_scope_of(editor) or ""
    records = [
        {**record, "external_id": f"demo-api-{n}"}
        for n, record in enumerate(demo_corpus.generate_records(200, seed=1919))
        if (record.get("region") or "").startswith(scope)
    ][:JOB_LINES]
    lines = [json.dumps(record, ensure_ascii=False) for record in records]
    lines.insert(5, json.dumps({**records[0], "external_id": "demo-api-bad", "subject": "占星"}, ensure_ascii=False))
    token, _ = services.token_create(user=editor, name="市资源平台（演示）", scopes=["import_resources"], days=365)
    job = imports.import_job_create(user=editor, token=token, data="\n".join(lines).encode("utf-8"))
    imports.import_job_run(job_id=job.pk)  # here and now; the task sent at commit finds it done
    now = timezone.now()
    for status in (202, 200, 200):
        path = "/api/v1/imports/" if status == 202 else f"/api/v1/imports/{job.pk}/"
        TokenCall.objects.create(
            token=token, method="POST" if status == 202 else "GET", path=path, status=status, at=now
        )
    job.refresh_from_db()
    stdout.write(f"开放接口演示数据：{EDITOR} 的导入任务 {job.pk}：{job.message}")
