import pytest

from remiss.reading.proposals import ProposalListError, parse_proposal_list
from remiss.reading.references import normalise_dnr, normalise_report_ref, parse_case_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SOU 2019:43", "SOU 2019:43"),
        ("sou2019 : 43", "SOU 2019:43"),
        ("Betänkandet (SOU 2019:43) om tillit", "SOU 2019:43"),
        ("Ds 2022:9", "Ds 2022:9"),
        ("DS 2015:36", "Ds 2015:36"),
        ("Prop. 2017/18:186", "prop. 2017/18:186"),
        ("proposition 2017 / 18:186", "prop. 2017/18:186"),
        ("Prop. 1985/86:5", "prop. 1985/86:5"),
        ("Promemorian Vissa skollagsfrågor", None),
        ("", None),
        ("Fi2019/03441/SFÖ", None),
    ],
)
def test_report_refs_are_normalised(text, expected):
    assert normalise_report_ref(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KS 2020/132", ("KS", 2020, 132)),
        ("ks 2020 / 0132", ("KS", 2020, 132)),
        ("KS2020/132", ("KS", 2020, 132)),
        ("SBN 2019/5", ("SBN", 2019, 5)),
    ],
)
def test_case_numbers_parse(text, expected):
    assert tuple(parse_case_number(text)) == expected
    assert str(parse_case_number(text)) == f"{expected[0]} {expected[1]}/{expected[2]}"


@pytest.mark.parametrize("text", ["KS 2020", "2020/132", "KS 20/132", "KS 2020/0", "KS 2020/x", ""])
def test_malformed_case_numbers_are_refused(text):
    assert parse_case_number(text) is None


def test_issuer_dnr_is_tidied_not_rewritten():
    assert normalise_dnr("  Fi2019 / 03441/SFÖ ") == "Fi2019/03441/SFÖ"
    assert normalise_dnr("N2015–4746–PUB") == "N2015-4746-PUB"


def test_pasted_proposal_list_with_titles_texts_and_sections():
    text = """
    1. Stöd till statliga myndigheter – Arbetsgivarverket får i uppdrag
    att tillhandahålla stödet.
    2) En regeringsnära utvecklingsmiljö (RUM)
    Avsnitt 7.3 Ändrade regler: Skolskjuts ska ordnas
    """
    proposals = parse_proposal_list(text)
    assert [(p.number, p.title) for p in proposals] == [
        ("1", "Stöd till statliga myndigheter"),
        ("2", "En regeringsnära utvecklingsmiljö (RUM)"),
        ("7.3", "Ändrade regler"),
    ]
    assert proposals[0].text == "Arbetsgivarverket får i uppdrag att tillhandahålla stödet."
    assert proposals[2].text == "Skolskjuts ska ordnas"


def test_proposal_list_without_numbers_is_refused_with_the_line():
    with pytest.raises(ProposalListError) as error:
        parse_proposal_list("\nStöd till myndigheter\n2. RUM")
    assert error.value.line == 2


def test_proposal_list_with_a_number_twice_is_refused():
    with pytest.raises(ProposalListError) as error:
        parse_proposal_list("1. Ett\n2. Två\n2. Tre")
    assert error.value.line == 3
