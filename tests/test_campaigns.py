"""Campaigns and near-duplicates (issue 15 §5, remiss.reading.campaigns): copies and near-copies
of one text are grouped, each with its own greeting, signature and a few words changed; other
replies, short ones and replies that only quote a passage are not; the compilation shows the
groups (page, PDF and JSON)."""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from remiss.accounts.models import User
from remiss.cases import files
from remiss.consultations import compilation as compiling
from remiss.consultations.replies import compilation_for, replies_upload
from remiss.reading.campaigns import fingerprint, groups, similarity
from tests.demo_data import load_demo
from tests.factories import ministry_referral

REAL = Path(__file__).parent / "data" / "real-replies"
TEMPLATE = (
    "Vi som bor i kommunen motsätter oss förslaget om att lägga ned den lokala vårdcentralen. "
    "Avståndet till närmaste vårdcentral blir för långt för äldre och för familjer utan bil, "
    "och kollektivtrafiken går bara två gånger om dagen. Vi kräver att regeringen tar hänsyn "
    "till landsbygdens behov och att utredningens förslag om samlokalisering dras tillbaka. "
    "Vården ska finnas nära dem som behöver den."
)


def _copy(rng: random.Random, number: int) -> str:
    words = TEMPLATE.split()
    for _ in range(3):
        words[rng.randrange(len(words))] = rng.choice(["också", "verkligen", "inte", "mycket"])
    greeting = rng.choice(["Hej!", "Till Socialdepartementet.", "Synpunkter:"])
    return f"{greeting} {' '.join(words)} Med vänlig hälsning, Namn Efternamn {number}"


def _real_texts(count: int) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(REAL.glob("dev/*.txt"))[:count]]


def test_near_copies_are_grouped_and_other_replies_are_not():
    rng = random.Random(7)
    texts = {f"kampanj-{i}": _copy(rng, i) for i in range(30)}
    texts |= {f"svar-{i}": text for i, text in enumerate(_real_texts(40))}
    found = groups({key: fingerprint(text) for key, text in texts.items()})
    assert [sorted(g) for g in found] == [sorted(k for k in texts if k.startswith("kampanj"))]


def test_a_reply_quoting_a_passage_of_another_is_not_a_copy():
    own = _real_texts(1)[0]
    quoting = f"{_real_texts(3)[2]}\n\nVi instämmer i vad som sägs: {own[:200]}"
    assert similarity(fingerprint(own), fingerprint(quoting)) < 0.5
    assert groups({"a": fingerprint(own), "b": fingerprint(quoting)}) == []


def test_short_replies_are_not_compared():
    assert fingerprint("Vi har inga synpunkter på förslaget.") is None
    assert groups({"a": None, "b": None, "c": fingerprint(TEMPLATE)}) == []


def test_the_same_text_has_the_same_fingerprint_in_every_process():
    """Fingerprints are kept in the database and compared later: no salted hash in them."""
    assert fingerprint(TEMPLATE) == fingerprint(" ".join(TEMPLATE.upper().split()))
    child = subprocess.run(
        [sys.executable, "-c", "import json, sys; from remiss.reading.campaigns import "
         "fingerprint; print(json.dumps(fingerprint(sys.stdin.read())))"],
        input=TEMPLATE, capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    )  # fmt: skip
    assert tuple(json.loads(child.stdout)) == fingerprint(TEMPLATE)


@pytest.mark.django_db
def test_the_compilation_shows_a_campaign_once_with_its_senders(
    files_dir, django_capture_on_commit_callbacks
):
    load_demo()
    official = User.objects.get(username="departement")
    referral = ministry_referral(bodies=(), report_title="Vård nära")
    rng = random.Random(3)
    uploads = [
        files.stage_upload(io.BytesIO(_copy(rng, i).encode()), f"Privatperson {i}.txt")
        for i in range(3)
    ]
    uploads.append(files.stage_upload(io.BytesIO(_real_texts(1)[0].encode()), "Annat svar.txt"))
    with django_capture_on_commit_callbacks(execute=True):
        replies_upload(actor=official, referral=referral, staged=uploads)
    compiled = compilation_for(referral, official)
    [campaign] = compiled.campaigns
    assert campaign["count"] == 3
    assert len(campaign["respondents"]) == 3
    assert all("fingerprint" not in reply for reply in compiled.replies)
    assert '"campaigns"' in compiling.to_json(compiled).decode()
    text = " ".join(block.text for block in compiling.compilation_blocks(compiled))
    assert "3 svar har samma eller nästan samma text" in text
