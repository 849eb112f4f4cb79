"""The reading's one schema (remiss.reading.schema): every hand-made label and every reading the
reader prints are its serialisation, the application's stance choices are its stances."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from remiss.reading.read import read_file
from remiss.reading.schema import FIELDS, MemberStatement, ProposalReading, Reading, Stance

DATA = Path(__file__).parent / "data"
LABELS = sorted(
    [*DATA.glob("corpus/remissvar/*.json"), *DATA.glob("written-replies/*.json"),
     *DATA.glob("real-replies/*/*.json"), *DATA.glob("seed/*.json")]
)  # fmt: skip


def test_there_are_labels_to_check():
    assert len(LABELS) > 150


@pytest.mark.parametrize("path", LABELS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_label_is_a_reading_of_the_schema(path):
    label = json.loads(path.read_text(encoding="utf-8"))
    reading = Reading.from_json({"file": path.name, **label})  # a wrong stance raises
    back = reading.to_json()
    for key in FIELDS:
        if key == "proposal_stances":  # a label may leave out the page
            given = [{"evidence": None, "page": None, **item} for item in label.get(key, [])]
            assert back[key] == given
        elif key in label:
            assert back[key] == label[key], key


def test_a_reading_printed_is_the_schemas_serialisation(tmp_path):
    path = tmp_path / "svar.txt"
    path.write_text(
        "Kommunstyrelsen\nReservation\nAnna Svensson (SD) reserverar sig mot beslutet.\n"
        "Kommunen tillstyrker förslaget.\n"
    )
    printed = read_file(path)
    assert tuple(printed) == FIELDS
    reading = Reading.from_json(json.loads(json.dumps(printed)))
    assert reading.overall_stance is Stance.SUPPORTS
    assert reading.statements == [
        MemberStatement.from_json({"kind": "reservation", "members": ["Anna Svensson"],
                                   "parties": ["SD"]})
    ]  # fmt: skip
    assert reading.to_json() == printed


def test_an_unknown_stance_is_refused():
    with pytest.raises(ValueError, match="'for'"):
        Reading.from_json({"file": "x", "overall_stance": "for"})
    with pytest.raises(ValueError, match="'ja'"):
        ProposalReading.from_json({"proposal": "1", "stance": "ja"})


def test_the_applications_stance_choices_are_the_readers():
    from remiss.consultations.compilation import STANCES
    from remiss.referrals.models import Stance as ModelStance

    assert set(ModelStance.values) == {stance.value for stance in Stance}
    assert tuple(stance.value for stance in Stance) == STANCES


def test_a_reading_that_could_not_read_its_file_says_why():
    from remiss.reading.schema import not_read

    assert not_read(["ocr: pages 1 were read with OCR", "timeout: reading took too long"]) == (
        "timeout: reading took too long"
    )
    assert not_read(["encrypted: the PDF is password-protected"]).startswith("encrypted")
    assert not_read(["ocr: pages 1–2 were read with OCR (Tesseract, Swedish)"]) is None
    assert not_read([]) is None
