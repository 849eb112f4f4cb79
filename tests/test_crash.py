"""Crash safety: the server is killed (SIGKILL, no clean-up) while uploads and registrations
are under way (100 in `make test`, 200 in `make test-full`; REMISS_CRASH_OPERATIONS sets it).
After `remiss recover` and a restart there is no partial record (no record without its file, no
stored file without its row, no case number twice) and every upload the server acknowledged is
there."""

from __future__ import annotations

import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.documents import make_pdf
from tests.instance import Instance, Instances

pytestmark = pytest.mark.slow  # run by make test and CI; make test-quick skips it

OPERATIONS = int(os.environ.get("REMISS_CRASH_OPERATIONS", "100"))
CLIENTS = 20
KILL_AFTER_ACKNOWLEDGED = OPERATIONS // 3


@pytest.fixture
def instances(tmp_path):
    made = Instances(tmp_path)
    yield made
    made.close()


def _token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def _session(instance: Instance) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{instance.url}/logga-in/", timeout=30).text
    response = session.post(
        f"{instance.url}/logga-in/",
        data={"username": "registrator", "password": "demo", "csrfmiddlewaretoken": _token(page)},
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def _register(session: requests.Session, instance: Instance, ids: dict, n: int) -> bool:
    url = f"{instance.url}/arenden/registrera-remiss/"
    page = session.get(url, timeout=30).text
    response = session.post(
        url,
        data={
            "csrfmiddlewaretoken": _token(page),
            "registry": ids["registry"],
            "issuer": ids["issuer"],
            "issuer_dnr": f"Fi2026/{n:05d}",
            "report_ref": "SOU 2026:1",
            "report_title": f"Kraschprovet {n}",
            "received_date": "2026-11-20",
            "deadline": "2027-02-20",
            "proposals-TOTAL_FORMS": "0",
            "proposals-INITIAL_FORMS": "0",
            "proposals_text": f"1. Förslag nummer {n}",
        },
        files={"files": (f"remiss-{n}.pdf", make_pdf([f"Remiss nummer {n}"]), "application/pdf")},
        allow_redirects=False,
        timeout=60,
    )
    return response.status_code == 302


def _upload(session: requests.Session, instance: Instance, n: int) -> bool:
    url = f"{instance.url}/arenden/KS/2020/132/handlingar/ny/"
    page = session.get(url, timeout=30).text
    response = session.post(
        url,
        data={
            "csrfmiddlewaretoken": _token(page),
            "direction": "incoming",
            "document_date": "2026-11-20",
            "counterpart": "Socialförvaltningen",
            "subject": f"Kraschprovets yttrande {n}",
        },
        files={
            "files": (f"yttrande-{n}.pdf", make_pdf([f"Yttrande nummer {n}"]), "application/pdf")
        },
        allow_redirects=False,
        timeout=60,
    )
    return response.status_code == 302


def test_a_killed_server_loses_nothing_acknowledged(instances):
    instance = instances.new("krasch")
    instance.migrate(demo=True)
    ids = {
        "registry": instance.query("SELECT id FROM organisations_registry WHERE prefix = 'KS'")[0][
            0
        ],
        "issuer": instance.query(
            "SELECT id FROM organisations_organisation WHERE name = 'Finansdepartementet'"
        )[0][0],
    }
    assert Path(instance.data).exists()
    instance.start_server()
    sessions = [_session(instance) for _ in range(CLIENTS)]
    acknowledged: dict[str, set[int]] = {"register": set(), "upload": set()}
    lock = threading.Lock()
    enough = threading.Event()

    def operate(n: int) -> None:
        session = sessions[n % CLIENTS]
        kind = "register" if n % 2 else "upload"
        try:
            ok = (
                _register(session, instance, ids, n)
                if kind == "register"
                else _upload(session, instance, n)
            )
        except (requests.RequestException, AttributeError):
            return  # the server died under this request: not acknowledged
        if ok:
            with lock:
                acknowledged[kind].add(n)
                if sum(map(len, acknowledged.values())) >= KILL_AFTER_ACKNOWLEDGED:
                    enough.set()

    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(operate, n) for n in range(OPERATIONS)]
        assert enough.wait(timeout=600), (instance.data / "server.log").read_text()[-3000:]
        instance.kill_server()
        for future in futures:
            future.result()
    in_flight_lost = OPERATIONS - sum(map(len, acknowledged.values()))
    assert in_flight_lost > 0  # the kill came while requests were still running
    assert acknowledged["register"]
    assert acknowledged["upload"]

    instance.remiss("recover", "--older-than", "0")
    instance.start_server()
    session = _session(instance)
    assert session.get(f"{instance.url}/arenden/KS/2020/132/", timeout=30).status_code == 200

    # Every acknowledged registration and upload is there, with its file.
    titles = {t for (t,) in instance.query("SELECT report_title FROM referrals_incomingreferral")}
    assert {f"Kraschprovet {n}" for n in acknowledged["register"]} <= titles
    subjects = {s for (s,) in instance.query("SELECT subject FROM cases_record")}
    assert {f"Kraschprovets yttrande {n}" for n in acknowledged["upload"]} <= subjects
    # No record without its file: every crash-test record has exactly one, stored on disk.
    without_file = instance.query(
        "SELECT r.subject FROM cases_record r LEFT JOIN cases_recordfile f ON f.record_id = r.id "
        "WHERE (r.subject LIKE 'Kraschprov%' OR r.subject LIKE '%Kraschprovet%') "
        "AND f.id IS NULL"
    )
    assert without_file == []
    stored = {sha for (sha,) in instance.query("SELECT sha256 FROM cases_storedfile")}
    in_store = instance.stored_hashes()
    assert stored <= in_store, "a stored file's row without the file"
    assert in_store <= stored, "a file in the store without its row"
    assert not list((instance.data / "files" / ".pending").glob("*.part"))
    # No case number twice, and none skipped.
    numbers = instance.query(
        "SELECT registry_id, year, serial FROM cases_case ORDER BY registry_id, year, serial"
    )
    assert len(numbers) == len(set(numbers))
    instance.remiss("audit", "verify")
