"""A bounded fuzz run over the PDF and Word readers: damaged files of every kind give a reading
with a reason, never an exception or a hang. `make test-full` runs 500 examples of each."""

from __future__ import annotations

import os
import tempfile
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
