"""Settings are secure by default and read from the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_production_passes_deploy_checks_when_configured():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="rtpt_site.settings.production",
        SECRET_KEY="x9!kq2#v8m4z7w1p5r3t6y0u-long-random-production-secret-for-the-check",
        ALLOWED_HOSTS="rtpt.example.cn",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", DJANGO_SETTINGS_MODULE="rtpt_site.settings.production", ALLOWED_HOSTS="a.cn")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_base_settings_are_not_debug_and_chinese():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    from rtpt_site.settings import base

    assert base.DEBUG is False
    assert os.environ.get("SECRET_KEY", "") == base.SECRET_KEY


@pytest.mark.django_db
def test_admin_login_is_the_portals_chinese_sign_in(client):
    forwarded = client.get("/admin/login/?next=/admin/pages/")
    assert forwarded.status_code == 302 and forwarded["Location"] == "/accounts/login/?next=/admin/pages/"
    page = client.get(forwarded["Location"]).content.decode()
    assert "登录教师研训资源云" in page and "密码" in page
    assert "Wagtail" not in page and "Password" not in page


@pytest.mark.django_db
def test_celery_runs_tasks_in_process_without_a_broker():
    from rtpt_site.celery import app

    assert app.conf.task_always_eager is True
