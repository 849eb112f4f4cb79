"""The real-replies set (tests/data/real-replies) keeps its rules: every reply is labelled in
full, split by its sender alone, and its evidence is quoted from its own text."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "tests/data/real-replies"
sys.path.insert(0, str(ROOT / "scripts"))

from add_real_reply import FIELDS, STANCES, split_of  # noqa: E402

LABELS = sorted(SET.glob("*/*.json"))


def test_the_set_has_both_splits_and_no_sender_in_both():
    splits = {path.parent.name for path in LABELS}
    assert splits == {"dev", "test"}
    senders: dict[str, set[str]] = {}
    for path in LABELS:
        sender = json.loads(path.read_text(encoding="utf-8"))["sender"]
        senders.setdefault(sender, set()).add(path.parent.name)
    assert all(len(found) == 1 for found in senders.values()), senders


@pytest.mark.parametrize("path", LABELS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_each_reply_is_labelled_in_full_and_in_its_senders_split(path):
    label = json.loads(path.read_text(encoding="utf-8"))
    text = " ".join(path.with_suffix(".txt").read_text(encoding="utf-8").split())
    assert set(FIELDS) <= set(label)
    assert label["source_url"].startswith(("http://", "https://"))
    assert label["overall_stance"] in STANCES
    assert path.parent.name == split_of(label["sender"])
    for item in label["proposal_stances"]:
        assert item["stance"] in STANCES
        assert item["evidence"] in text


def test_the_index_lists_every_reply():
    index = (SET / "INDEX.md").read_text(encoding="utf-8")
    assert all(f"| {path.stem} | {path.parent.name} |" in index for path in LABELS)


# What web pages put around a reply's text: a cookie banner, a menu, a document-hosting site's
# header before it, a footer after it. None of it may change what the reader finds.
_PAGE_PREFIXES = {
    "cookies": "Vi använder kakor (cookies) för att webbplatsen ska fungera på ett bra sätt för "
    "dig. Genom att klicka vidare godkänner du att vi använder kakor.\nJag förstår\n\n",
    "menu": "Hoppa till huvudinnehåll\nMeny\nSök\nStart\nOm oss\nNyheter\nKontakt\n\n",
    "hosting": "• No results found\n\nTitel\n\nN/A\nN/A\nProtected\n\nAcademic year: 2021\n\n"
    'Share "Titel"\n\nCopied!\n11\n0\n0\n\nLoading.... (view fulltext now)\n\nFull text\n\n(1)\n\n',
}
_PAGE_FOOTER = (
    "\n\nDela\nSkriv ut\nSenast uppdaterad 2023-05-02\n\nKontakta oss\nTelefon: 08-123 45 67\n\n"
    "Relaterat\nFler remissvar\n© 2023 Cykelfrämjarna\n"
)


@pytest.mark.parametrize("kind", [*sorted(_PAGE_PREFIXES), "footer"])
def test_page_boilerplate_before_a_reply_changes_no_reading(kind):
    """On the development replies: a field read as labelled is still read so with the page's
    boilerplate before or after the text."""
    from remiss.reading.evaluate import same
    from remiss.reading.extract import Extracted
    from remiss.reading.read import reading_from_pages

    changed = []
    for path in sorted((SET / "dev").glob("*.txt")):
        label = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        text = path.read_text(encoding="utf-8")
        plain = reading_from_pages(Extracted([text], "text"), name=path.name)
        page = text + _PAGE_FOOTER if kind == "footer" else _PAGE_PREFIXES[kind] + text
        framed = reading_from_pages(Extracted([page], "text"), name="x")
        for field in ("respondent", "overall_stance", "report_ref", "decision_date", "signatory"):
            if same(field, plain[field], label[field]) and not same(
                field, framed[field], label[field]
            ):
                changed.append((path.name, field, plain[field], framed[field]))
    assert changed == []
