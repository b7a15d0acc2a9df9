"""Browser tests: Playwright (sync API) driving Debian's headless Chromium against pytest-django's
``live_server``. The machine cannot download browsers, so Playwright is pointed at
``/usr/bin/chromium`` (CI installs the ``chromium`` package; ``.ci/run``).

Playwright's sync API runs an event loop in the test thread, which trips Django's guard against
synchronous database calls from async code when a test then uses the ORM; these tests set
``DJANGO_ALLOW_ASYNC_UNSAFE`` for their own duration (the ORM calls really are synchronous).
Screenshots go to ``artifacts/screenshots/`` (a CI artifact; ``artifacts/`` is git-ignored).
"""

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        yield chromium
    finally:
        chromium.close()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def open_page(browser, live_server):
    """``open_page(path, viewport=DESKTOP)``: a fresh context (no cookies) at a viewport."""
    contexts = []

    def _open(path: str = "/", *, viewport=None, is_mobile: bool = False):
        context = browser.new_context(
            viewport=viewport or DESKTOP,
            is_mobile=is_mobile,
            has_touch=is_mobile,
            locale="zh-CN",
            device_scale_factor=1,
            base_url=live_server.url,
        )
        contexts.append(context)
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.goto(path)
        return page

    yield _open
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    """A full-page PNG in ``artifacts/screenshots/``, once every video shows its first frame."""
    page.wait_for_function("[...document.querySelectorAll('video')].every(v => v.readyState >= 2)")
    page.evaluate("window.scrollTo(0, 0)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def site_library(live_server):
    """The library page. (Not the shared ``library`` fixture: it asks for ``db``, which does not
    mix with ``transaction=True`` here.)"""
    from resources.models import ResourceIndexPage

    return ResourceIndexPage.objects.get()
