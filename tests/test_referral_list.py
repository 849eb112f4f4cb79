"""Importing a referral list: the three published lists in tests/data/corpus/referral-lists
parse to exactly their bodies, and names are matched to known organisations — spelling
variants surely, near misses only as suggestions for review."""

from __future__ import annotations

from pathlib import Path

import pytest

from remiss.consultations.referral_list import Candidate, match, parse

LISTS = Path(__file__).parent / "data/corpus/referral-lists"


@pytest.mark.parametrize(
    ("name", "count", "first", "last"),
    [
        ("sou-2015-58.md", 77, "Stockholms tingsrätt", "Villaägarnas Riksförbund"),
        ("ds-2015-36.md", 63, "Riksdagens ombudsmän", "Sveriges advokatsamfund"),
        (
            "pm-vissa-skollagsfragor-del-4.md",
            84,
            "Riksdagens ombudsmän",
            "Waldorfskolefederationen",
        ),
    ],
)
def test_published_lists_parse_to_their_bodies(name, count, first, last):
    parsed = parse((LISTS / name).read_text())
    assert len(parsed.bodies) == count
    assert not parsed.duplicates
    assert (parsed.bodies[0].name, parsed.bodies[-1].name) == (first, last)
    headings = [text for _line, text in parsed.ignored]
    assert any("Remissinstanser" in text for text in headings)


def test_brackets_commas_and_duplicates():
    parsed = parse(
        "Remissinstanser:\n1. Ekonomistyrningsverket (ESV)\n2) Uppsala universitet "
        "(Juridiska fakultetsnämnden)\n- Lunds universitet, Juridiska fakulteten\n"
        "3. Boverket\n4. boverket\n"
    )
    names = [(b.name, b.abbreviation, b.qualifier) for b in parsed.bodies]
    assert names == [
        ("Ekonomistyrningsverket", "ESV", ""),
        ("Uppsala universitet", "", "Juridiska fakultetsnämnden"),
        ("Lunds universitet", "", "Juridiska fakulteten"),
        ("Boverket", "", ""),
    ]
    assert [b.text for b in parsed.duplicates] == ["boverket"]
    assert parsed.ignored == [(1, "Remissinstanser:")]


KNOWN = [
    Candidate("Ekonomistyrningsverket", 1, ("ESV",)),
    Candidate("Kungliga Tekniska högskolan", 2),
    Candidate("Stockholms stad", 3),
    Candidate("Länsstyrelsen i Stockholms län", 4),
    Candidate("Uppsala universitet", 5),
    Candidate("Region Skåne", 6),
    Candidate("Domstolsverket", 7),
]


def test_spelling_variants_match_surely_and_near_misses_go_to_review():
    parsed = parse(
        "1. Ekonomistyrningsverket (ESV)\n2. Kungl. Tekniska Högskolan (KTH)\n"
        "3. Stockholms kommun\n4. Länsstyrelsen i Stockholms län\n5. Region Skåne\n"
        "6. Uppsala universitet (IBF)\n7. Domstolverket\n8. Stockholms tingsrätt\n"
        "9. Länsstyrelsen Stockholm\n10. Landstinget i Skåne\n"
    )
    # The old name of a region is the region: the same body twice in one list.
    assert [b.name for b in parsed.duplicates] == ["Landstinget i Skåne"]
    results = {m.body.name: m for m in match(parsed.bodies, KNOWN)}
    sure = {name: m.key for name, m in results.items() if m.sure}
    assert sure == {
        "Ekonomistyrningsverket": 1,
        "Kungl. Tekniska Högskolan": 2,
        "Stockholms kommun": 3,
        "Länsstyrelsen i Stockholms län": 4,
        "Region Skåne": 6,
        "Uppsala universitet": 5,
        "Domstolverket": 7,  # one letter off a name nothing else resembles
    }
    # A shortened name is offered for review, not decided; an unrelated court is not placed.
    assert not results["Länsstyrelsen Stockholm"].sure
    assert results["Länsstyrelsen Stockholm"].suggestions[0][0] == 4
    assert not results["Stockholms tingsrätt"].sure
    assert all(s[0] != 4 for s in results["Stockholms tingsrätt"].suggestions)


@pytest.mark.django_db
def test_a_short_form_the_gazetteer_knows_finds_the_registered_body():
    """The import and the reader share the gazetteer of Swedish bodies: a list that writes "PTS"
    or "Tandvårds- och läkemedelsförmånsverket" finds the register's entry under its other name;
    a plain heading line ("Remissinstanser", "För kännedom") is not a body."""
    from remiss.consultations.services import referral_list_read
    from tests.factories import OrganisationFactory

    pts = OrganisationFactory(name="Post- och telestyrelsen", kind="agency")
    tlv = OrganisationFactory(name="TLV", kind="agency")
    read = referral_list_read(
        "Remissinstanser\n\n1. PTS\n2. Tandvårds- och läkemedelsförmånsverket"
    )
    assert [(m.body.name, m.key) for m in read.matches] == [
        ("PTS", pts.pk),
        ("Tandvårds- och läkemedelsförmånsverket", tlv.pk),
    ]
