"""Browser tests: Debian's chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import os

import pytest
from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

from tests.demo_data import load_demo

CHROMIUM = os.environ.get("REMISS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make system-deps` (Debian package chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "sv-SE", "timezone_id": "Europe/Stockholm"}


@pytest.fixture
def demo(transactional_db, files_dir):
    load_demo()


@pytest.fixture
def axe():
    return Axe()


PHONE = {"width": 375, "height": 812}


# What a page says when axe started on a document that a click was already leaving.
_LEFT_DOCUMENT = ("Execution context was destroyed", "reading 'documentElement'")


_AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def _run_axe(axe: Axe, page):
    """axe on the document the page has landed on. A click on a link returns before the
    browser has left the old page, so axe may start there and lose its document half-way;
    then it runs again once the new page has loaded (three tries, then the error stands)."""
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            # axe once per document (a second width reuses it), and only the violations in
            # detail: passes and inapplicable rules are not sent back to be parsed.
            if not page.evaluate("() => typeof window.axe !== 'undefined'"):
                page.evaluate(axe.axe_script)
            return AxeResults(page.evaluate("options => axe.run(document, options)", _AXE_OPTIONS))
        except PlaywrightError as error:
            if attempt == 2 or not any(sign in str(error) for sign in _LEFT_DOCUMENT):
                raise
    raise AssertionError("unreachable")


def assert_accessible(axe: Axe, page) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the page as it is now, at the page's own
    width and on a phone's (375 px), where nothing may need sideways scrolling of the whole
    page (WCAG 1.4.10 reflow; a wide table scrolls inside its own box)."""
    own = page.viewport_size
    for size in (own, PHONE):
        if size is not None and size != page.viewport_size:
            page.set_viewport_size(size)
        results = _run_axe(axe, page)
        assert results.violations_count == 0, (size, results.generate_report())
        if size == PHONE:
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{page.url} is {overflow} px too wide at 375 px"
    if own is not None:
        page.set_viewport_size(own)


def log_in(page, live_server, username: str, password: str = "demo") -> None:
    page.goto(f"{live_server.url}/logga-in/")
    page.get_by_label("Användarnamn", exact=True).fill(username)
    page.get_by_label("Lösenord", exact=True).fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{live_server.url}/")
