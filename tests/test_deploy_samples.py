"""The production samples in docs/deploy/ work as shipped: nginx accepts the site file and
serves only image folders from the disk, and the sample environment gives a production
configuration that passes ``check --deploy`` with every path taken from it."""

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from home.media import PUBLIC_MEDIA_FOLDERS

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "docs/deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def sample_env(tmp_path: Path) -> dict[str, str]:
    """docs/deploy/rtpt.env.example as a process environment, its paths moved under tmp_path."""
    env = {}
    for line in (DEPLOY / "rtpt.env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value.replace("/srv/rtpt/", f"{tmp_path}/srv/").replace("/var/log/rtpt/", f"{tmp_path}/log/")
    # What the operator does when placing it: a real secret, the directories created.
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    for folder in ("log", "srv/tmp"):
        (tmp_path / folder).mkdir(parents=True)
    return env


def test_every_sample_variable_is_read_by_the_project():
    sources = "".join(
        p.read_text(encoding="utf-8")
        for p in [*ROOT.glob("rtpt_site/settings/*.py"), ROOT / "rtpt_site/gunicorn_conf.py"]
    )
    names = [
        line.split("=", 1)[0]
        for line in (DEPLOY / "rtpt.env.example").read_text().splitlines()
        if re.match(r"^[A-Z_]+=", line)
    ]
    unread = [n for n in names if f'"{n}"' not in sources and n not in ("DJANGO_SETTINGS_MODULE", "WEB_CONCURRENCY")]
    assert unread == []
    # WEB_CONCURRENCY is gunicorn's own variable, read in the config file as well.
    assert '"WEB_CONCURRENCY"' in sources


def test_sample_environment_passes_the_deploy_check_with_its_own_paths(tmp_path):
    env = {**{k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}, **sample_env(tmp_path)}
    # One process: Django's deploy check, then the paths the settings took.
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING'); "
        "print(json.dumps({k: str(getattr(s, k)) for k in ('STATIC_ROOT', 'MEDIA_ROOT', 'FILE_UPLOAD_TEMP_DIR', 'LOG_FILE')}))"
    )
    shown = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    assert shown.returncode == 0, shown.stderr
    paths = json.loads(shown.stdout.strip().splitlines()[-1])
    assert paths == {
        "STATIC_ROOT": f"{tmp_path}/srv/static",
        "MEDIA_ROOT": f"{tmp_path}/srv/media",
        "FILE_UPLOAD_TEMP_DIR": f"{tmp_path}/srv/tmp",
        "LOG_FILE": f"{tmp_path}/log/rtpt.log",
    }
    # The log file is opened where the environment says (for logrotate), not in the checkout.
    assert (tmp_path / "log/rtpt.log").exists()


def test_nginx_serves_only_image_folders_from_media():
    site = (DEPLOY / "nginx-rtpt.conf").read_text(encoding="utf-8")
    served = re.findall(r"location (/media/\S*) \{\s*alias ([^;]+);", site)
    assert served, "the sample serves image files directly"
    for location, alias in served:
        folder = location.removeprefix("/media/").strip("/")
        assert folder in PUBLIC_MEDIA_FOLDERS, location
        assert alias.rstrip("/").endswith(f"/media/{folder}")
    # Anything else under /media/ (documents, videos, uploads) is refused, never served.
    assert re.search(r"location /media/ \{\s*return 404;", site)


@pytest.mark.requires_service("nginx")
def test_nginx_accepts_the_sample_site(tmp_path):
    subprocess.run(  # noqa: S603 - a throw-away self-signed certificate for the check
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=rtpt.example.cn",
         "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (DEPLOY / "nginx-rtpt.conf").read_text(encoding="utf-8").replace("/etc/ssl/rtpt/", f"{tmp_path}/")
    (tmp_path / "rtpt.conf").write_text(site, encoding="utf-8")
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  access_log off;\n  include {tmp_path}/rtpt.conf;\n}}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )  # noqa: S603
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr
