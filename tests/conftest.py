"""Shared fixtures. Service-backed tests carry ``@pytest.mark.requires_service("name")``:
without the service they are skipped locally (with the reason), and they fail in CI
(``REQUIRE_SERVICES=1``), where every service must be running."""

import os
import shutil

import pytest
from hypothesis import settings as hypothesis_settings

# Hypothesis fails an example that runs over 200 ms by default: a timing assertion, which the
# suite never makes (speed is measured in benchmarks/), and a flaky one on a busy machine.
hypothesis_settings.register_profile("rtpt", deadline=None)
hypothesis_settings.load_profile("rtpt")

SERVICE_CHECKS = {
    "elasticsearch": lambda: bool(os.environ.get("ELASTICSEARCH_URL")),
    "redis": lambda: bool(os.environ.get("REDIS_URL")),
    "postgres": lambda: os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    "ffmpeg": lambda: bool(shutil.which("ffmpeg") and shutil.which("ffprobe")),
    "chromium": lambda: bool(shutil.which("chromium")),
    "nginx": lambda: bool((shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")) and shutil.which("openssl")),
}


def pytest_runtest_setup(item):
    if os.environ.get("PYTEST_XDIST_WORKER") and item.get_closest_marker("serial"):
        # It would stop a service under the other workers' tests: refuse before it touches anything.
        pytest.fail("serial 测试只能单进程运行：请用 make test（或 pytest -n 0 -m serial）", pytrace=False)
    for marker in item.iter_markers(name="requires_service"):
        for name in marker.args:
            if SERVICE_CHECKS[name]():
                continue
            message = f"需要服务 {name}（见 README：make es / .ci/run）"
            if os.environ.get("REQUIRE_SERVICES") == "1":
                pytest.fail(f"{message}，但 REQUIRE_SERVICES=1 时不允许跳过", pytrace=False)
            pytest.skip(message)  # requires_service: local runs without the service


@pytest.fixture
def library(db):
    from resources.models import ResourceIndexPage

    return ResourceIndexPage.objects.get(slug="library")


@pytest.fixture
def home_page(db):
    from home.models import HomePage

    return HomePage.objects.get()
