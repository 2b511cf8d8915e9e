"""Playwright fixtures: one Debian chromium per test session, a fresh context per test.

We drive the distribution's chromium (never `playwright install`): the sites run on
closed networks, and the browser must come from the OS packages.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous enough for a loaded 2-core CI box; every wait is on a condition, never a sleep.
TIMEOUT_MS = 20_000
# A failing test leaves its last page here (git-ignored), to see what the browser saw.
FAILURES_DIR = Path(__file__).resolve().parents[2] / "test-results" / "browser"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.when == "call":
        item.browser_failed = report.failed
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser, live_server) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 1440, "height": 900},
        # A Thai desktop, as in the offices: anonymous pages follow Accept-Language.
        locale="th-TH",
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, request: pytest.FixtureRequest) -> Iterator[Page]:
    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()
    yield page
    if getattr(request.node, "browser_failed", False) and not page.is_closed():
        FAILURES_DIR.mkdir(parents=True, exist_ok=True)
        stem = FAILURES_DIR / re.sub(r"[^\w.-]+", "_", request.node.name)
        page.screenshot(path=f"{stem}.png", full_page=True)
        Path(f"{stem}.html").write_text(page.content(), encoding="utf-8")


def log_in(page: Page, username: str, password: str) -> None:
    """Sign in through the real login form and wait for the overview page."""
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("button[type=submit]").click()
    expect(page.get_by_test_id("logout")).to_be_attached()
