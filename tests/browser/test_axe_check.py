"""The accessibility check every browser test relies on catches what it should: an axe
violation at the desktop's width, one that appears only at the phone's, and a page too wide
for a phone (WCAG 1.4.10). Without this, a check that silently stopped checking would pass."""

from __future__ import annotations

import pytest

from tests.browser import conftest
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


def test_a_kept_pass_hides_no_change_and_a_failure_is_never_kept(page, axe, tmp_path, monkeypatch):
    """A page axe passed is not checked again only while nothing axe looks at has changed:
    the markup, a field's typed value, a style rule. A failure leaves nothing behind."""
    monkeypatch.setattr(conftest, "AXE_PASSED", tmp_path)
    monkeypatch.delenv("REMISS_AXE_CACHE", raising=False)
    form = GOOD.replace(
        "<p>Inget att visa.</p>",
        '<label for="q">Sök</label><input id="q" name="q"><img alt="Logotyp" src="data:,">',
    )
    page.set_content(form)
    assert_accessible(axe, page)
    kept = set(tmp_path.iterdir())
    assert len(kept) == 2  # the desktop's width and the phone's
    page.set_content(form)
    assert_accessible(axe, page)
    assert set(tmp_path.iterdir()) == kept  # the same page: nothing new to keep
    page.evaluate("document.querySelector('#q').value = 'tillitsbaserad styrning'")
    assert_accessible(axe, page)
    assert len(set(tmp_path.iterdir())) == 4  # a typed value is another state, checked again

    page.set_content(form.replace(' alt="Logotyp"', ""))
    with pytest.raises(AssertionError) as failure:
        assert_accessible(axe, page)
    assert "image-alt" in str(failure.value)
    page.set_content(form.replace("<main>", "<main><style>label { color: #eee }</style>"))
    with pytest.raises(AssertionError) as failure:
        assert_accessible(axe, page)
    assert "color-contrast" in str(failure.value)
    assert len(set(tmp_path.iterdir())) == 4
