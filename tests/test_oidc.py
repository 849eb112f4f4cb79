"""Single sign-on with OpenID Connect, configured by environment variables, against a small
provider started by the test: a known, active user logs in with a new session; an unknown
address, a forged ID token signature or a forged state logs nobody in."""

from __future__ import annotations

import pytest
import requests

from tests.instance import Instances
from tests.oidc_provider import Provider


@pytest.fixture(scope="module")
def sso(tmp_path_factory):
    provider = Provider().start()
    made = Instances(tmp_path_factory.mktemp("sso"))
    instance = made.new("sso")
    instance.extra_env.update(provider.env())
    instance.migrate(demo=True)
    instance.start_server()
    yield provider, instance
    made.close()
    provider.stop()


def _logged_in(session: requests.Session, instance) -> bool:
    response = session.get(f"{instance.url}/arenden/", allow_redirects=False, timeout=30)
    return response.status_code == 200


def test_a_known_user_logs_in_through_the_provider(sso):
    provider, instance = sso
    provider.forge_signature = False
    provider.claims = {"sub": "hanna-1", "email": "HANDLAGGARE@demo.remiss.example"}
    session = requests.Session()
    login_page = session.get(f"{instance.url}/logga-in/", timeout=30).text
    assert "/oidc/authenticate/" in login_page  # the button is offered
    before = session.cookies.get("sessionid")
    response = session.get(f"{instance.url}/oidc/authenticate/", timeout=30)
    assert response.url.rstrip("/") == instance.url  # the start page
    assert "Hanna Handläggare" in response.text
    assert session.cookies.get("sessionid") not in (None, before)  # a new session at log-in
    assert _logged_in(session, instance)


@pytest.mark.parametrize(
    ("claims", "forged"),
    [
        ({"sub": "okand", "email": "okand@example.se"}, False),  # no such user
        ({"sub": "hanna-1", "email": "handlaggare@demo.remiss.example"}, True),  # forged token
        ({"sub": "hanna-1", "email": "handlaggare@demo.remiss.example",
          "email_verified": False}, False),  # the provider does not vouch for the address
    ],
)  # fmt: skip
def test_nobody_else_gets_in(sso, claims, forged):
    provider, instance = sso
    provider.claims, provider.forge_signature = claims, forged
    session = requests.Session()
    response = session.get(f"{instance.url}/oidc/authenticate/", timeout=30)
    assert "/logga-in/" in response.url
    assert "Inloggningen via din organisation lyckades inte" in response.text
    assert not _logged_in(session, instance)


def test_a_forged_state_is_refused(sso):
    provider, instance = sso
    provider.forge_signature = False
    provider.claims = {"sub": "hanna-1", "email": "handlaggare@demo.remiss.example"}
    session = requests.Session()
    first = session.get(f"{instance.url}/oidc/authenticate/", allow_redirects=False, timeout=30)
    at_provider = requests.get(first.headers["Location"], allow_redirects=False, timeout=30)
    callback = at_provider.headers["Location"].replace("state=", "state=forged")
    response = session.get(callback, timeout=30)
    assert "/logga-in/" in response.url
    assert "lyckades inte" in response.text
    assert not _logged_in(session, instance)
