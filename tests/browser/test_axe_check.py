"""The accessibility check every browser test relies on catches what it should: an axe
violation at the desktop's width, one that appears only at the phone's, and a page too wide
for a phone (WCAG 1.4.10). Without this, a check that silently stopped checking would pass."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible

GOOD = """<!doctype html><html lang="sv"><head><title>Remiss</title></head>
<body><main><h1>Remisser</h1><p>Inget att visa.</p></main></body></html>"""


def test_a_page_without_faults_passes(page, axe):
    page.set_content(GOOD)
    assert_accessible(axe, page)


@pytest.mark.parametrize(
    ("body", "what"),
    [
        ('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">', "image-alt"),
        ('<button class="x"></button><style>.x { display: none } @media (max-width: 400px)'
         ' { .x { display: inline-block } }</style>', "button-name"),
        ('<div style="width: 900px">Bred tabell</div>', "too wide"),
    ],
)  # fmt: skip
def test_a_fault_fails_the_check(page, axe, body, what):
    page.set_content(GOOD.replace("<p>Inget att visa.</p>", body))
    with pytest.raises(AssertionError) as failure:
        assert_accessible(axe, page)
    assert what in str(failure.value)
