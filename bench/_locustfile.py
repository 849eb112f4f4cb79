"""Locust users for bench/load.py: registrars register referrals and documents, case officers
browse the register, search, open cases and their memos and upload statements. Think times
are a person's, a few seconds between steps."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.documents import make_pdf

PDF = make_pdf(["Yttrande över remissen. Kommunen tillstyrker förslaget i allt väsentligt."])
CASE_LINK = re.compile(r'href="(/arenden/[A-Z]+/\d{4}/\d+/)"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEARCHES = ["styrning", "SOU 2019:43", "KS 2020/132", "Fi2019/03090", "färdtjänst", "lag"]


def _option(page: str, select: str, label: str | None = None) -> str:
    block = re.search(rf'<select name="{select}".*?</select>', page, re.S).group(0)
    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', block)
    if label:
        return next(value for value, text in options if label in text)
    return options[0][0]


class Person(HttpUser):
    abstract = True
    wait_time = between(3, 8)
    username = ""
    cases: list[str]

    def on_start(self) -> None:
        page = self.client.get("/logga-in/", name="log in (form)").text
        self.client.post(
            "/logga-in/",
            {"username": self.username, "password": "demo", "csrfmiddlewaretoken": _token(page)},
            name="log in",
        )
        listing = self.client.get("/arenden/", name="register").text
        self.cases = CASE_LINK.findall(listing) or ["/arenden/KS/2020/132/"]

    def _post_expecting_redirect(self, url: str, data: dict, files: dict, name: str) -> None:
        with self.client.post(
            url, data, files=files, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"not saved: HTTP {response.status_code}")

    def link_on_a_case(self, suffix: str) -> str | None:
        """A link the case page offers this person (what they may do there), or None."""
        case = random.choice(self.cases)
        page = self.client.get(case, name="case").text
        return f"{case}{suffix}" if f'href="{case}{suffix}"' in page else None

    def upload(self) -> None:
        url = self.link_on_a_case("handlingar/ny/")
        if url is None:
            return
        page = self.client.get(url, name="document (form)").text
        self._post_expecting_redirect(
            url,
            {
                "csrfmiddlewaretoken": _token(page),
                "direction": "incoming",
                "document_date": "2026-11-20",
                "counterpart": "Socialförvaltningen",
                "subject": f"Yttrande {random.randrange(10**6)}",
            },
            {"files": ("yttrande.pdf", PDF, "application/pdf")},
            "document (save with file)",
        )


def _token(page: str) -> str:
    return TOKEN.search(page).group(1)


class Registrar(Person):
    weight = 1
    username = "registrator"

    @task(3)
    def browse(self) -> None:
        self.client.get("/", name="start")
        self.client.get("/arenden/?sort=deadline", name="register (sorted)")

    @task(2)
    def register_referral(self) -> None:
        url = "/arenden/registrera-remiss/"
        page = self.client.get(url, name="register referral (form)").text
        n = random.randrange(10**6)
        self._post_expecting_redirect(
            url,
            {
                "csrfmiddlewaretoken": _token(page),
                "registry": _option(page, "registry"),
                "issuer": _option(page, "issuer", "Finansdepartementet"),
                "issuer_dnr": f"Fi2026/{n:06d}",
                "report_ref": "SOU 2026:12",
                "report_title": f"Lasttestets betänkande {n}",
                "received_date": "2026-11-20",
                "deadline": "2027-02-20",
                "proposals-TOTAL_FORMS": "0",
                "proposals-INITIAL_FORMS": "0",
                "proposals_text": "1. Ett första förslag\n2. Ett andra förslag",
            },
            {"files": ("remiss.pdf", PDF, "application/pdf")},
            "register referral (save with file)",
        )

    @task(2)
    def register_document(self) -> None:
        self.upload()


class CaseOfficer(Person):
    weight = 3
    username = "handlaggare"

    @task(4)
    def browse(self) -> None:
        self.client.get("/", name="start")
        self.client.get(f"/arenden/?page={random.randint(1, 3)}", name="register (page)")

    @task(3)
    def search(self) -> None:
        self.client.get("/arenden/", params={"q": random.choice(SEARCHES)}, name="search")

    @task(2)
    def full_text_search(self) -> None:
        self.client.get("/sok/", params={"q": random.choice(SEARCHES)}, name="search (full text)")

    @task(4)
    def open_case(self) -> None:
        self.client.get(random.choice(self.cases), name="case")

    @task(1)
    def memo(self) -> None:
        url = self.link_on_a_case("promemoria/")
        if url:
            self.client.get(url, name="memo")

    @task(1)
    def upload_statement(self) -> None:
        self.upload()
