"""With the keyboard alone, in a real browser (WCAG 2.1.1): log in, go to the search through the
main menu, search, and open the case found — only Tab, typing and Enter, never a click; the
log-in form has the focus when it opens, and the first Tab on a page reaches the skip link
(2.4.1). And the accessibility statement, which the
law requires, is reached from every page without log-in and passes axe."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible

MAX_TABS = 60


def focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName.toLowerCase(), name: el.getAttribute("name") || "",
                    text: (el.innerText || el.value || "").trim(),
                    inside: el.closest("nav, .search-results, footer")?.className || ""};
        }"""
    )


def tab_to(page: Page, wanted, what: str) -> None:
    """Press Tab until the focused element is the one wanted; fail if it is never reached."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if wanted(focused(page)):
            return
    raise AssertionError(f"{what} cannot be reached with Tab")


def test_log_in_search_and_open_a_case_with_the_keyboard_alone(page, live_server, demo, axe):
    page.goto(f"{live_server.url}/logga-in/")
    # The form is ready to type into. The browser runs autofocus at its next rendering step, which
    # may come after the load event, so wait for it (and fail if it never comes).
    page.wait_for_function(
        "document.activeElement?.getAttribute('name') === 'username'", timeout=5000
    )
    page.keyboard.type("handlaggare")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "password"
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")

    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Hoppa till innehållet"  # the skip link comes first
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Sök", "the menu's search link")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sök")
    tab_to(page, lambda f: f["name"] == "q", "the search box")
    page.keyboard.type("oppositionsbudgeten")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("träff")

    def first_hits_case(f: dict) -> bool:
        return f["tag"] == "a" and "search-results" in f["inside"] and f["text"] == "KS 2020/132"

    tab_to(page, first_hits_case, "the case of the first hit")
    page.keyboard.press("Enter")
    expect(page.locator(".case-number")).to_have_text("KS 2020/132")


def test_the_accessibility_statement_is_public_and_linked_from_every_page(
    page, live_server, demo, axe
):
    page.goto(f"{live_server.url}/logga-in/")  # no log-in
    page.get_by_role("contentinfo").get_by_role("link", name="Tillgänglighetsredogörelse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tillgänglighetsredogörelse för Remiss"
    )
    expect(page.get_by_role("main")).to_contain_text("lagen (2018:1937)")
    expect(page.get_by_role("link", name="www.digg.se/tdosanmalan")).to_be_visible()
    assert_accessible(axe, page)
