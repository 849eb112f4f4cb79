"""Every page a person uses, as each role that may use it and as the visitor without an account,
passes axe (WCAG 2.1 A/AA) at a desktop's and a phone's width (issue 17 §5). The pages and who
may open them are the permission matrix's (tests/test_permission_matrix.py): a page added there
is checked here as every role it names, with the same objects — the seed case KS 2020/132, the
ministry's referral sent out, a reply, a meeting, a mail."""

from __future__ import annotations

import pytest

from tests.browser.conftest import assert_accessible, log_in
from tests.test_permission_matrix import MATRIX, OPEN_TO_ANONYMOUS, ROLES, objects, url_for

__all__ = ["objects"]  # the matrix's fixture, used here as it is

# Routes that answer a GET with something other than a page: files, feeds, calendars, probes,
# redirects. Each is checked for its permissions by the matrix, not here.
NOT_PAGES = {
    "set_language", "health", "ready", "metrics", "calendar_feed", "public_feed",
    "public_calendar", "public_published_file", "cases:file", "cases:reply", "cases:agenda_pdf",
    "cases:archive_download", "consultations:letter", "consultations:compilation_download",
    "consultations:export_file", "mail_file",
}  # fmt: skip


def pages_for(who: str | None) -> list[str]:
    names = []
    for name, allowed in MATRIX.items():
        if name in NOT_PAGES or "GET" not in allowed:
            continue
        if (who is None and name in OPEN_TO_ANONYMOUS) or (
            who is not None and who in allowed["GET"]
        ):
            names.append(name)
    return names


@pytest.mark.parametrize("who", [None, *ROLES])
def test_every_page_passes_axe(page, live_server, transactional_db, objects, axe, who):
    if who is not None:
        log_in(page, live_server, who)
    names = pages_for(who)
    assert len(names) >= 5, names
    for name in names:
        if name == "login" and who is not None:
            continue  # a person logged in is sent on from the log-in page
        url = live_server.url + url_for(name, objects)
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, (name, who, response.status)
        assert page.url == url, (name, who, page.url)  # the page itself, not a log-in redirect
        assert response.headers["content-type"].startswith("text/html"), name
        assert_accessible(axe, page)
