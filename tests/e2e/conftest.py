"""Browser journeys: Playwright's sync API driving Debian's Chromium against pytest-django's live server.

No browser is ever downloaded: `make test` installs Debian's chromium when it is missing (Makefile `browser`).
Screenshots go to var/screenshots/ so a person can look at what the phone and the desktop showed.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.factories import TEST_PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1366, "height": 768}}
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
SETTLE_MS = 5_000


@pytest.fixture(autouse=True)
def _audit_log_flushable(audit_log_flushable: None) -> None:
    """Live-server tests are transactional: see audit_log_flushable in tests/conftest.py."""


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for the browser tests, closed when tests/e2e is done.

    While Playwright's sync API is up it keeps an asyncio loop on the main thread, and Django would refuse the
    tests' own ORM calls (fixtures, assertions, the flush after each test) as "async unsafe". The live server
    answers from its own thread, so allowing them is safe here; the permission ends with this package, so the
    rest of the suite keeps Django's check.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (installs Debian's chromium)")
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


def _page(browser: Browser, **options: object) -> Iterator[Page]:
    """A fresh context's page; after the test it waits (up to SETTLE_MS) for the requests still on their way.

    A test may end on a click whose request the live server is still answering. The flush after the test
    (TRUNCATE of every table) then raced that request's transaction, and PostgreSQL broke the tie as a deadlock
    (CI, test_charts). Waiting for the browser's last responses lets the server finish first.
    """
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    context.set_default_timeout(15_000)
    page = context.new_page()
    pending: set = set()
    page.on("request", lambda request: pending.add(request))
    page.on("requestfinished", lambda request: pending.discard(request))
    page.on("requestfailed", lambda request: pending.discard(request))
    yield page
    waited = 0
    while pending and waited < SETTLE_MS and not page.is_closed():
        page.wait_for_timeout(50)
        waited += 50
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, **PHONE)


@pytest.fixture
def desktop(browser: Browser) -> Iterator[Page]:
    yield from _page(browser, **DESKTOP)


@pytest.fixture
def screenshot():
    """screenshot(page, "name") saves var/screenshots/<name>.png (full page) for review."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _shoot(page: Page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shoot


@pytest.fixture
def log_in(live_server):
    """Fill in the real login form as the given user and wait for the home page."""

    def _log_in(page: Page, username: str, password: str = TEST_PASSWORD) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()

    return _log_in
