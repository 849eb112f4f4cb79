"""Masking before publication (remiss.writing.masking): what counts as an identity number or a
private e-mail address, and what is left alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from remiss.writing.masking import find_sensitive, mask, mask_blocks
from remiss.writing.reply import Block


def _luhn_digit(nine: str) -> str:
    total = 0
    for position, char in enumerate(nine):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return str((10 - total % 10) % 10)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Sökande: 811218-9876, boende i Sala", "personnummer"),
        ("pnr 19811218-9876.", "personnummer"),
        ("pnr 198112189876", "personnummer"),
        ("född 8112189876 i Uppsala", "personnummer"),
        ("(811218+9876)", "personnummer"),
        ("samordningsnummer 701063-2391 enligt", "samordningsnummer"),
    ],
)
def test_identity_numbers_are_found(text: str, kind: str) -> None:
    findings = find_sensitive(text)
    assert [f.kind for f in findings] == [kind]
    assert "9876" in findings[0].value or "2391" in findings[0].value
    assert "[" + ("personnummer" if kind == "personnummer" else "samordningsnummer") in mask(text)


@pytest.mark.parametrize(
    "text",
    [
        "Organisationsnummer 212000-0142",  # month 20: an organisation, not a person
        "Dnr KS 2020/132 och Fi2019/01234",
        "811218-9875",  # wrong check digit
        "Tel. 08-508 29 000",
        "SFS 2017:725, SOU 2019:43, 2019-06-20",
        "811318-9876",  # month 13
        "Fakturanummer 1234567890123",
    ],
)
def test_numbers_that_are_not_identity_numbers_are_kept(text: str) -> None:
    assert find_sensitive(text) == []
    assert mask(text) == text


def test_private_addresses_are_masked_and_public_bodies_kept() -> None:
    text = (
        "Svar till registrator@sala.se och anna.svensson@sala.se; frågor till "
        "info@forening.org eller karin.lind@gmail.com (privat), kopia kalle@hotmail.se."
    )
    findings = find_sensitive(text, keep_domains=["sala.se"])
    assert [f.value for f in findings] == ["karin.lind@gmail.com", "kalle@hotmail.se"]
    masked = mask(text, keep_domains=["sala.se"])
    assert "karin.lind" not in masked
    assert "kalle@" not in masked
    assert masked.count("[e-postadress maskerad]") == 2
    assert "anna.svensson@sala.se" in masked  # an official at a known body, in her office


def test_a_known_domain_covers_its_subdomains_only() -> None:
    assert find_sensitive("a.b@edu.stockholm.se", keep_domains=["stockholm.se"]) == []
    assert len(find_sensitive("a.b@stockholm.se.example.com", keep_domains=["stockholm.se"])) == 1


def test_chosen_words_are_masked_whole_and_in_any_case() -> None:
    text = "Synpunkter från Karin Lind, Lindvägen 4. KARIN LIND ringde."
    masked = mask(text, chosen=["Karin Lind", " "])
    assert masked == "Synpunkter från [maskerat], Lindvägen 4. [maskerat] ringde."


def test_blocks_are_masked_in_text_and_table_cells() -> None:
    blocks = [
        Block("paragraph", "Kontakt: 811218-9876"),
        Block("table", "Tabell", (("Namn", "Pnr"), ("Karin", "19811218-9876"))),
    ]
    masked = mask_blocks(blocks)
    assert masked[0].text == "Kontakt: [personnummer maskerat]"
    assert masked[1].rows[1] == ("Karin", "[personnummer maskerat]")
    assert masked[1].text == "Tabell"


@given(
    st.dates(),
    st.integers(min_value=0, max_value=999),
    st.sampled_from(["-", "", "+"]),
    st.booleans(),
)
def test_every_valid_identity_number_is_masked(date, serial, separator, coordination) -> None:  # type: ignore[no-untyped-def]
    day = date.day + (60 if coordination else 0)
    nine = f"{date:%y%m}{day:02d}{serial:03d}"
    number = f"{nine[:6]}{separator}{nine[6:]}{_luhn_digit(nine)}"
    text = f"Den enskilde ({number}) har yttrat sig."
    assert number not in mask(text)
    assert mask(text).startswith("Den enskilde ([")
