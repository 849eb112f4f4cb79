"""A bounded fuzz run over the PDF and Word readers: damaged files of every kind give a reading
with a reason, never an exception or a hang. `make test-full` runs 500 examples of each."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from remiss.reading.read import read_file
from remiss.reading.schema import FIELDS
from tests.documents import make_docx, make_pdf

pytestmark = pytest.mark.slow  # run by make test and CI; make test-quick skips it

EXAMPLES = int(os.environ.get("REMISS_FUZZ_EXAMPLES", "10"))
VALID = {
    "pdf": make_pdf(["Kommunen tillstyrker förslaget.", "Sida två av svaret."]),
    "docx": make_docx(["Kommunen tillstyrker förslaget.", "Regionen avstyrker."]),
}


@st.composite
def damaged(draw, kind: str) -> bytes:
    data = bytearray(VALID[kind])
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        position = draw(st.integers(min_value=0, max_value=len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert", "zero"]))
        if action == "flip":
            data[position] ^= draw(st.integers(min_value=1, max_value=255))
        elif action == "cut":
            del data[position : position + draw(st.integers(min_value=1, max_value=200))]
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=64))
        else:
            data[position : position + 32] = bytes(32)
        if not data:
            break
    return bytes(data)


def check(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / f"fil.{suffix}"
        path.write_bytes(data)
        reading = read_file(path, timeout=20)
    assert list(reading) == list(FIELDS)
    assert reading["overall_stance"] in {
        "supports", "opposes", "mixed", "no_objection", "abstains", "unclear",
    }  # fmt: skip
    assert isinstance(reading["warnings"], list)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged("pdf"))
def test_damaged_pdfs(data):
    check(data, "pdf")


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged("docx"))
def test_damaged_word_files(data):
    check(data, "docx")


@pytest.mark.parametrize(
    "text",
    [
        "kakor " * 32_000,  # one long line of a cookie word: the page-boilerplate check
        "Vi tillstyrker och " * 16_000,  # one long sentence of positions: the stance reading
    ],
    ids=["cookie-line", "position-run"],
)
def test_a_long_run_of_text_without_a_break_is_read_in_time(text):
    """A hostile text of one line or one sentence (300 KB) is read in time proportional to its
    length: each took minutes when a check looked back over the whole run. A guard against a
    hang, with a bound far above what it takes (under a second here), not a benchmark."""
    from remiss.reading.extract import Extracted
    from remiss.reading.read import reading_from_pages

    start = time.monotonic()
    reading = reading_from_pages(Extracted([text], "text"), name="lang.txt")
    assert reading["overall_stance"] in {"supports", "unclear"}
    assert time.monotonic() - start < 20
