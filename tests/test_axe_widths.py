"""The browser tests check colour contrast once when the stylesheet's narrow-screen rules only
rearrange the page, and at both widths when they change a colour, a background, a font size or
what is shown (tests/browser/conftest.py)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import narrow_screen_changes_colours

LAYOUT = """
main { color: #1a1a1a; }
@media (max-width: 40rem) {
  main { padding: 1rem .75rem; }  /* color: red in a comment changes nothing */
  table { display: block; overflow-x: auto; max-width: 100%; }
  .site-header nav ul { flex-wrap: wrap; gap: .5rem 1rem; }
}
"""


def test_rules_that_only_rearrange_the_page_change_no_colour():
    assert not narrow_screen_changes_colours(LAYOUT)


@pytest.mark.parametrize(
    "rule",
    [
        "a { color: #767676; }",
        ".tools { background: #eee; }",
        "h1 { font-size: 1rem; }",
        ".menu { display: none; }",
        ".menu { visibility: visible; }",
        "a:hover { text-decoration: none; }",
        "@media (prefers-contrast: more) { a { color: black; } }",
    ],
)
def test_a_rule_that_may_change_what_text_looks_like_is_seen(rule):
    css = LAYOUT.replace("@media (max-width: 40rem) {", "@media (max-width: 40rem) {\n" + rule)
    assert narrow_screen_changes_colours(css)
