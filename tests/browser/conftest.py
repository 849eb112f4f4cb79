"""Browser tests: Debian's chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import put_back_event_loop
from tests.demo_data import load_demo
from tests.migrated import CACHE

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
def playwright(playwright):
    yield playwright
    put_back_event_loop()  # pytest-playwright's teardown runs on its loop


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
STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "remiss" / "remiss.css"
# What a narrow screen's rules may change without changing any text's colour, background, size
# or visibility: spacing, wrapping, widths and scrolling.
_LAYOUT_ONLY = re.compile(
    r"(padding|margin)(-\w+)?|(row-|column-)?gap|flex(-\w+)?|(max-|min-)?(width|height)"
    r"|overflow(-\w+)?|(justify|align)-\w+|display|white-space|word-break|overflow-wrap"
)


def _media_blocks(css: str) -> list[str]:
    blocks, start = [], css.find("@media")
    while start != -1:
        opening = css.index("{", start)
        depth, end = 0, opening
        for end in range(opening, len(css)):
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            if depth == 0:
                break
        blocks.append(css[opening + 1 : end])
        start = css.find("@media", end)
    return blocks


def narrow_screen_changes_colours(css: str) -> bool:
    """Whether a media query of the stylesheet sets anything but layout (a colour, a
    background, a font size, something hidden or shown): then colour contrast is checked at a
    phone's width as well as at the desktop's. Otherwise the same text on the same background
    is checked once (the rule takes about half of axe's time)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    for block in _media_blocks(css):
        for name, value in re.findall(r"([\w-]+)\s*:\s*([^;{}]+)", block):
            if not _LAYOUT_ONLY.fullmatch(name) or (name == "display" and "none" in value):
                return True
    return False


@functools.cache
def _phone_options() -> dict:
    if narrow_screen_changes_colours(STYLESHEET.read_text(encoding="utf-8")):
        return _AXE_OPTIONS
    return {**_AXE_OPTIONS, "rules": {"color-contrast": {"enabled": False}}}


# What axe's result depends on, read from the page: the document without what changes from
# run to run and no rule looks at (the CSP nonce, the CSRF token, the test server's port), the
# values and check marks of its fields (properties, not in the markup), every style rule the
# page applies, the viewport and the browser.
_PAGE_STATE = """() => {
  const root = document.documentElement.cloneNode(true);
  root.querySelectorAll('[nonce]').forEach(e => e.removeAttribute('nonce'));
  root.querySelectorAll('input[name=csrfmiddlewaretoken]').forEach(e => e.removeAttribute('value'));
  const fields = Array.from(document.querySelectorAll('input, select, textarea'))
    .filter(e => e.name !== 'csrfmiddlewaretoken')
    .map(e => [e.value, e.checked === undefined ? null : e.checked]);
  const rules = Array.from(document.styleSheets).map(sheet => {
    try { return Array.from(sheet.cssRules).map(rule => rule.cssText).join('\\n'); }
    catch (error) { return 'unreadable ' + sheet.href; }
  });
  const html = root.outerHTML;
  return {
    html: location.host ? html.replaceAll(location.host, 'host') : html, fields, rules,
    focus: document.activeElement?.outerHTML.slice(0, 300),
    width: window.innerWidth, height: window.innerHeight, agent: navigator.userAgent,
  };
}"""
# Pages axe has found no violation on, by the digest of all that its result depends on: an
# unchanged page is not checked again by the next run (REMISS_AXE_CACHE=0 checks every page).
AXE_PASSED = CACHE / "axe-passed"


def _on_landed_document(page, work):
    """`work(page)` on the document the page has landed on. A click on a link returns before
    the browser has left the old page, so the work may start there and lose its document
    half-way; then it runs again once the new page has loaded (three tries, then the error
    stands)."""
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            return work(page)
        except PlaywrightError as error:
            if attempt == 2 or not any(sign in str(error) for sign in _LEFT_DOCUMENT):
                raise
    raise AssertionError("unreachable")


def _axe_key(axe: Axe, page, options: dict) -> str | None:
    """The digest of axe, its options and the page's state; None when the cache is off."""
    if os.environ.get("REMISS_AXE_CACHE", "1") == "0":
        return None
    state = _on_landed_document(page, lambda landed: landed.evaluate(_PAGE_STATE))
    digest = hashlib.sha256(axe.axe_script.encode())
    digest.update(json.dumps([options, state], sort_keys=True).encode())
    return digest.hexdigest()


def _run_axe(axe: Axe, page, options: dict = _AXE_OPTIONS):
    """axe on the document the page has landed on."""

    def run(landed):
        # axe once per document (a second width reuses it), and only the violations in
        # detail: passes and inapplicable rules are not sent back to be parsed.
        if not landed.evaluate("() => typeof window.axe !== 'undefined'"):
            landed.evaluate(axe.axe_script)
        return AxeResults(landed.evaluate("options => axe.run(document, options)", options))

    return _on_landed_document(page, run)


def assert_accessible(axe: Axe, page) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the page as it is now, at the page's own
    width and on a phone's (375 px), where nothing may need sideways scrolling of the whole
    page (WCAG 1.4.10 reflow; a wide table scrolls inside its own box). Colour contrast is
    checked at the phone's width only if the stylesheet's narrow-screen rules change colours.
    A page state axe passed before, the same in everything axe's result depends on
    (`_PAGE_STATE`, axe's script and options), is not run through axe again: the digests of
    passes are kept in .test-cache/axe-passed, never a failure's."""
    own = page.viewport_size
    for size in (own, PHONE):
        if size is not None and size != page.viewport_size:
            page.set_viewport_size(size)
        options = _AXE_OPTIONS if size == own else _phone_options()
        key = _axe_key(axe, page, options)
        if key is None or not (AXE_PASSED / key).exists():
            results = _run_axe(axe, page, options)
            assert results.violations_count == 0, (size, results.generate_report())
            # kept only if axe saw the state the key was taken of (no navigation in between)
            if key is not None and _axe_key(axe, page, options) == key:
                AXE_PASSED.mkdir(parents=True, exist_ok=True)
                (AXE_PASSED / key).touch()
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
