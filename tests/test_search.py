"""Search (docs/search.md): Swedish terms, the query language, one function over both backends
(the suite runs on SQLite and, with DATABASE_URL, on PostgreSQL), the index following every
write, file text by page, the pages, bad input, and secrecy."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from remiss.accounts.models import Role
from remiss.cases import files
from remiss.cases.models import Case, Direction
from remiss.cases.services import case_update, record_add, record_set_secrecy
from remiss.referrals.services import referral_register
from remiss.search import service
from remiss.search.index import entry_terms
from remiss.search.models import EntryKind, SearchEntry
from remiss.search.text import MAX_QUERY, fts5_match, index_terms, parse, tsquery
from tests.demo_data import load_demo
from tests.documents import make_pdf
from tests.factories import (
    OrganisationFactory,
    RegistryFactory,
    UnitFactory,
    UserFactory,
    referral_kwargs,
)

# --- Terms and the query language (plain Python) ---------------------------------------------


def test_swedish_forms_of_a_word_are_one_term():
    assert index_terms("tillitsbaserade styrningen") == index_terms("tillitsbaserad styrning")
    assert index_terms("kommunernas yttranden") == index_terms("kommunerna yttrandet")


def test_a_ring_and_dots_are_letters_of_their_own():
    assert index_terms("får") != index_terms("far")
    assert index_terms("höra") != index_terms("hora")
    # A letter written as a base and a combining mark is the same letter.
    assert index_terms("a\u0308ndring") == index_terms("ändring")


def test_common_words_are_left_out_on_both_sides_so_phrases_still_match():
    assert index_terms("tillit och kontroll") == index_terms("tillit kontroll")
    assert parse('"tillit och kontroll"').groups[0][0].terms == tuple(
        index_terms("tillit kontroll")
    )


def test_words_are_all_required_and_or_joins_two():
    query = parse("tillit OR förtroende styrning")
    assert [[t.raw for t in group] for group in query.groups] == [
        ["tillit", "förtroende"],
        ["styrning"],
    ]
    assert parse("tillit ELLER förtroende").groups[0][1].raw == "förtroende"


def test_minus_leaves_out_a_word_or_a_phrase():
    query = parse('styrning -kommun -"statliga myndigheter"')
    assert [t.raw for t in query.excluded] == ["kommun", "statliga myndigheter"]
    assert parse("-kommun").empty  # nothing to find


def test_references_and_numbers_are_phrases_matched_by_their_beginning():
    ks = parse("KS 2020/13").groups
    assert len(ks) == 1
    assert ks[0][0].terms == ("ks", "2020", "13")
    assert ks[0][0].prefix
    sou = parse("SOU 2019:4").groups[0][0]
    assert sou.terms == ("sou", "2019", "4")
    assert sou.prefix
    assert parse("Fi2019/").groups[0][0].terms == ("fi2019",)
    star = parse("tillitsb*").groups[0][0]
    assert star.terms == ("tillitsb",)
    assert star.prefix


@pytest.mark.parametrize(
    "text",
    [
        '"unbalanced quote',
        'NEAR(a b) OR AND NOT "x" * ^ : ( ) { }',
        "'; DROP TABLE search_searchentry; --",
        "tillit 🚀 styrning",
        "x" * 10_000,
        "OR OR OR",
        "-",
        '""',
        "\x00\u202e",
    ],
)
def test_any_text_parses_into_a_safe_expression(text):
    query = parse(text)
    for expression in (fts5_match(query, {}), tsquery(query, {})):
        assert "DROP" not in expression
        assert ";" not in expression
        assert "'" not in expression


# --- Searching, on the database the suite runs on --------------------------------------------


@pytest.fixture(autouse=True)
def _file_text_on(settings):
    """The suite turns the extraction of files' text off elsewhere (config/settings/test.py)."""
    settings.REMISS_SEARCH_FILE_TEXT = True


@pytest.fixture
def referral(registrar, registry, ministry, files_dir):
    return referral_register(
        actor=registrar,
        registry=registry,
        issuer=ministry,
        **referral_kwargs(),
    )


def _register(registrar, registry, ministry, **referral) -> Case:
    """A referral registered in the registry, with the test's own title, reference and number."""
    return referral_register(
        actor=registrar, registry=registry, issuer=ministry, **referral_kwargs(**referral)
    ).case


def _keys(results: service.Results) -> set[str]:
    return {hit.entry.key for hit in results.hits}


@pytest.mark.django_db
def test_a_case_is_found_by_other_forms_of_its_words_and_its_references(registrar, referral):
    case_key = f"case:{referral.case.pk}"
    number = referral.case.number  # "KS 2026/1"
    for query in [
        "tillitsbaserade styrningen",
        "Tillitsbaserad styrning",
        '"tillitsbaserad styrning"',
        "SOU 2019:4",
        "SOU 2019:43",
        "Fi2019/",
        "Fi2019/03441",
        number,
        number[:-1] if number[-1] != "/" else number,
        "Finansdepartementet",
    ]:
        assert case_key in _keys(service.search(registrar, query)), query
    for query in ["SOU 2019:44", "Fi2018/", '"styrning tillitsbaserad"', "tillit -styrning"]:
        assert case_key not in _keys(service.search(registrar, query)), query


@pytest.mark.django_db
def test_a_word_finds_the_compounds_that_end_in_it(registrar, registry, ministry, files_dir):
    case = _register(
        registrar, registry, ministry,
        report_title="Tillitsstyrning i kommunerna", report_ref="SOU 2020:1", issuer_dnr="Fi2020/1",
    )  # fmt: skip
    other = _register(
        registrar, registry, ministry,
        report_title="Vattenförsörjning i kommunerna", report_ref="SOU 2020:2",
        issuer_dnr="Fi2020/2",
    )  # fmt: skip
    found = service.search(registrar, "styrning")
    assert f"case:{case.pk}" in _keys(found)
    assert f"case:{other.pk}" not in _keys(found)
    hit = next(h for h in found.hits if h.entry.key == f"case:{case.pk}")
    assert "<mark>Tillitsstyrning</mark>" in hit.snippet_html
    assert f"case:{other.pk}" in _keys(service.search(registrar, "försörjning"))


@pytest.mark.django_db
def test_a_stronger_match_ranks_first_and_hits_are_paged(registrar, registry, ministry, files_dir):
    weak = [
        _register(
            registrar,
            registry,
            ministry,
            report_title=f"Lantmäteriets uppdrag nummer {n}",
            report_ref="",
            issuer_dnr=f"Ju2020/{n}",
        )
        for n in range(4)
    ]
    strong = _register(
        registrar, registry, ministry,
        report_title="Lantmäteriet, lantmäteriets register och lantmäteriets kartor",
        report_ref="", issuer_dnr="Ju2020/9",
    )  # fmt: skip
    results = service.search(registrar, "lantmäteriet", service.Filters(kind=EntryKind.CASE))
    assert results.total == 5
    assert results.hits[0].entry.case_id == strong.pk
    first = service.search(
        registrar, "lantmäteriet", service.Filters(kind=EntryKind.CASE), page=1, per_page=2
    )
    rest = [
        service.search(
            registrar, "lantmäteriet", service.Filters(kind=EntryKind.CASE), page=n, per_page=2
        )
        for n in (2, 3)
    ]
    assert first.pages == 3
    seen = [h.entry.case_id for page in [first, *rest] for h in page.hits]
    assert sorted(seen) == sorted([c.pk for c in [*weak, strong]])


@pytest.mark.django_db
def test_facets_count_what_was_found_and_filters_narrow_it(registrar, referral):
    results = service.search(registrar, "tillitsbaserad")
    kinds = dict(results.facets["kind"])
    assert kinds == {EntryKind.CASE: 1, EntryKind.RECORD: 1}
    assert dict(results.facets["year"]) == {referral.case.year: 2}
    only_records = service.search(registrar, "tillitsbaserad", service.Filters(kind="record"))
    assert {h.entry.kind for h in only_records.hits} == {EntryKind.RECORD}
    assert service.search(registrar, "tillitsbaserad", service.Filters(year=1999)).total == 0


@pytest.mark.django_db
def test_more_matches_than_are_ranked_are_said_to_be_more(registrar, referral, monkeypatch):
    monkeypatch.setattr(service, "CANDIDATES", 1)
    results = service.search(registrar, "tillitsbaserad")
    assert results.total == 1
    assert results.more


@pytest.mark.django_db
def test_an_empty_or_only_negative_query_is_told_so(registrar, referral):
    assert service.search(registrar, "  ").message == "Skriv ett eller flera ord att söka efter."
    assert service.search(registrar, "-tillit").message.startswith("Skriv minst ett ord")
    long = service.search(registrar, "tillit " * 2000)
    assert long.notes == [f"Bara de första {MAX_QUERY} tecknen av sökningen användes."]


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=st.text(max_size=300))
def test_no_query_text_makes_the_engine_fail(registrar, referral, text):
    results = service.search(registrar, text)
    assert results.total >= 0


@pytest.mark.django_db
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    words=st.lists(
        st.sampled_from(['"', "-", "*", "OR", "(", ")", ":", "/", "tillit", "2019", "NOT", "^"]),
        max_size=12,
    )
)
def test_no_query_syntax_makes_the_engine_fail(registrar, referral, words):
    service.search(registrar, " ".join(words))
    service.search(registrar, "".join(words))


# --- The index follows every write -----------------------------------------------------------


@pytest.mark.django_db
def test_the_seed_case_is_found_by_its_memo_statements_and_decisions():
    load_demo()
    from remiss.accounts.models import User

    registrar = User.objects.get(username="registrator")
    kinds = {
        "oppositionsbudget": EntryKind.MEMBER_STATEMENT,  # Vänsterpartiets särskilda uttalande
        "Tillitsverkstad": EntryKind.STATEMENT,  # stadsledningskontorets tjänsteutlåtande
        "förlängning påverka staden positivt": EntryKind.MEMO,
    }
    for query, kind in kinds.items():
        found = service.search(registrar, query)
        assert kind in {h.entry.kind for h in found.hits}, query
        assert any(h.entry.case.number == "KS 2020/132" for h in found.hits), query
    decided = service.search(registrar, "borgarrådsberedningens förslag beslutar")
    assert {h.entry.kind for h in decided.hits} == {EntryKind.DECISION}
    assert "KS 2020/132" in {h.entry.case.number for h in decided.hits}


@pytest.mark.django_db
def test_a_record_is_indexed_when_registered_and_hidden_when_marked_secret(
    registrar, referral, files_dir
):
    officer = UserFactory(role=Role.CASE_OFFICER, organisation=registrar.organisation)
    record = record_add(
        actor=registrar,
        case=referral.case,
        direction=Direction.INCOMING,
        document_date=referral.received_date,
        counterpart="Lantmäteriet",
        subject="Synpunkter om fastighetsbildning",
    )
    assert f"record:{record.pk}" in _keys(service.search(officer, "fastighetsbildningen"))
    record_set_secrecy(
        actor=registrar,
        record=record,
        provision="OSL 21 kap. 7 §",
        public_subject="Skrivelse från myndighet",
    )
    assert service.search(officer, "fastighetsbildning").total == 0
    assert f"record-public:{record.pk}" in _keys(service.search(officer, "skrivelse myndighet"))
    # The registrar may read the secret record's content, and finds it.
    assert f"record:{record.pk}" in _keys(service.search(registrar, "fastighetsbildning"))


@pytest.mark.django_db
def test_a_file_is_found_by_the_text_of_its_page(
    registrar, referral, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staged = files.stage_upload(
            io.BytesIO(make_pdf(["Inledning om remissen.", "Vattenverkens reservkraft brister."])),
            "yttrande.pdf",
        )
        record = record_add(
            actor=registrar,
            case=referral.case,
            direction=Direction.INCOMING,
            document_date=referral.received_date,
            counterpart="Länsstyrelsen",
            subject="Yttrande",
            staged_files=[staged],
        )
    results = service.search(registrar, "reservkraften", service.Filters(kind=EntryKind.FILE))
    assert len(results.hits) == 1
    hit = results.hits[0]
    record_file = record.files.get()
    assert hit.entry.page == 2
    assert hit.url == reverse("cases:file", args=[record_file.pk]) + "#page=2"
    assert "<mark>reservkraft</mark>" in hit.snippet_html


@pytest.mark.django_db
def test_rebuild_restores_the_index(registrar, referral, capsys):
    SearchEntry.objects.all().delete()
    assert service.search(registrar, "tillitsbaserad").total == 0
    call_command("search", "rebuild")
    assert service.search(registrar, "tillitsbaserad").total == 2
    assert "2" in capsys.readouterr().out


# --- Secrecy: nothing a user may not see leaves a trace --------------------------------------

CANARY = "Kanariefågelvinge"


@pytest.fixture
def planted(registrar, registry, ministry, files_dir, django_capture_on_commit_callbacks):
    """A unique word in a secret record's subject, in a secret file's text and in another
    organisation's case."""
    city = registry.organisation
    office = UnitFactory(organisation=city, name="Socialförvaltningen")
    case = referral_register(
        actor=registrar, registry=registry, issuer=ministry, responsible_unit=office,
        **referral_kwargs(),
    ).case  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        staged = files.stage_upload(
            io.BytesIO(make_pdf([f"Uppgifter om enskild: {CANARY}."])), "skyddad.pdf"
        )
        record_add(
            actor=registrar,
            case=case,
            direction=Direction.INCOMING,
            document_date=case.registered_at.date(),
            counterpart="Privatperson",
            subject=f"Anmälan {CANARY}",
            staged_files=[staged],
            secrecy_provision="OSL 26 kap. 1 §",
        )
    other_city = OrganisationFactory(name="Sala kommun")
    other_registry = RegistryFactory(organisation=other_city, prefix="KF", name="Fullmäktige")
    other_registrar = UserFactory(role=Role.REGISTRAR, organisation=other_city)
    foreign = referral_register(
        actor=other_registrar,
        registry=other_registry,
        issuer=ministry,
        **referral_kwargs(report_title=f"Utredning om {CANARY}"),
    ).case
    assigned = UserFactory(role=Role.CASE_OFFICER, organisation=city)
    case_update(actor=registrar, case=case, case_officer=assigned)
    return {
        "case": case,
        "foreign": foreign,
        "cleared": [registrar, other_registrar, assigned],
        "not_cleared": [
            UserFactory(role=Role.CASE_OFFICER, organisation=city, unit=office),
            UserFactory(role=Role.OFFICE_RESPONDENT, organisation=city, unit=office),
            UserFactory(role=Role.POLITICIAN, organisation=city),
            UserFactory(role=Role.ISSUER_OFFICIAL, organisation=city),
        ],
    }


@pytest.mark.django_db
def test_nobody_finds_a_trace_of_what_they_may_not_see(planted, client):
    # Those who may see it find it: the test can fail.
    registrar, other_registrar, assigned = planted["cleared"]
    found = service.search(registrar, CANARY)
    assert {h.entry.kind for h in found.hits} == {EntryKind.RECORD, EntryKind.FILE}
    # The case officer the case was assigned to reads its secret records, and finds them.
    assert {h.entry.kind for h in service.search(assigned, CANARY).hits} == {
        EntryKind.RECORD,
        EntryKind.FILE,
    }
    assert {h.entry.case_id for h in service.search(other_registrar, CANARY).hits} == {
        planted["foreign"].pk
    }
    for user in planted["not_cleared"]:
        for query in [CANARY, CANARY.lower(), "kanariefågel*", "vinge", f'"{CANARY}"']:
            results = service.search(user, query)
            assert results.total == 0, (user, query)
            assert not results.hits, (user, query)
            assert not results.more, (user, query)
            assert all(not counts for counts in results.facets.values()), (user, query)
        assert service.case_ids(user, CANARY) == []
        client.force_login(user)
        for query in [CANARY, "kanariefågel*"]:
            body = client.get(reverse("search"), {"q": query, "kind": "file"}).content.decode()
            assert "0 träffar" in body
            # What the page shows besides the query it echoes: no hit, snippet or facet.
            shown = body.split('<div class="search-layout">', 1)[1].split("</main>", 1)[0]
            assert CANARY not in shown
            assert "<mark>" not in shown
        register = client.get(reverse("cases:list"), {"q": CANARY}).content.decode()
        assert planted["case"].get_absolute_url() not in register
        assert "0 ärenden" in register
    # The other organisation's registrar does not find the city's secret either.
    assert planted["case"].pk not in service.case_ids(other_registrar, CANARY)


# --- The pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_search_page_shows_hits_with_marked_words_facets_and_pages(client, registrar, referral):
    client.force_login(registrar)
    body = client.get(reverse("search"), {"q": "tillitsbaserade styrningen"}).content.decode()
    assert "2 träffar" in body
    assert "<mark>tillitsbaserad</mark>" in body
    assert referral.case.get_absolute_url() in body
    assert "kind=case" in body
    assert "kind=record" in body
    narrowed = client.get(reverse("search"), {"q": "tillitsbaserad", "kind": "case"})
    assert "1 träff" in narrowed.content.decode()
    # The body that issued the referral, as a facet and a filter.
    issuer = referral.issuer
    assert f'body={issuer.pk}">{issuer.name}</a> (2)' in body
    other = OrganisationFactory(name="Trafikverket")
    by_issuer = client.get(reverse("search"), {"q": "tillitsbaserad", "body": issuer.pk})
    assert "2 träffar" in by_issuer.content.decode()
    by_other = client.get(reverse("search"), {"q": "tillitsbaserad", "body": other.pk})
    assert "0 träffar" in by_other.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ['"obalanserat', "x" * 10_000, "🚀🚀", "' OR 1=1 --", "NEAR(", "*", "OR", "-"],
)
def test_bad_input_gets_an_answer_not_an_error(client, registrar, referral, query):
    client.force_login(registrar)
    assert client.get(reverse("search"), {"q": query}).status_code == 200
    assert client.get(reverse("cases:list"), {"q": query}).status_code == 200


@pytest.mark.django_db
def test_the_register_finds_a_case_by_what_its_records_say(client, registrar, referral):
    record_add(
        actor=registrar,
        case=referral.case,
        direction=Direction.INCOMING,
        document_date=referral.received_date,
        counterpart="Trafikverket",
        subject="Synpunkter om vägunderhåll",
    )
    other = referral_register(
        actor=registrar,
        registry=referral.case.registry,
        issuer=referral.issuer,
        **referral_kwargs(
            report_title="En annan utredning", report_ref="SOU 2021:7", issuer_dnr="Fi2021/7"
        ),
    ).case
    client.force_login(registrar)
    body = client.get(reverse("cases:list"), {"q": "synpunkterna vägunderhåll"}).content.decode()
    assert referral.case.get_absolute_url() in body
    assert other.get_absolute_url() not in body
    assert Case.objects.count() == 2


@pytest.mark.django_db
def test_migrating_an_installation_with_data_builds_its_empty_index(registrar, referral):
    SearchEntry.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert f"case:{referral.case.pk}" in _keys(service.search(registrar, "tillitsbaserad"))


@pytest.mark.django_db
def test_the_register_lists_every_title_that_matches_beyond_the_search_bound(
    client, registrar, registry, ministry, files_dir, monkeypatch
):
    monkeypatch.setattr(service, "CANDIDATES", 1)
    cases = [
        _register(
            registrar,
            registry,
            ministry,
            report_title=f"Havsplanering del {n}",
            issuer_dnr=f"M2021/{n}",
        )
        for n in range(3)
    ]
    client.force_login(registrar)
    body = client.get(reverse("cases:list"), {"q": "Havsplanering"}).content.decode()
    assert all(case.get_absolute_url() in body for case in cases)


@pytest.mark.django_db
def test_a_save_that_changes_nothing_indexed_leaves_the_entry_as_it_is(registrar, referral):
    entry = SearchEntry.objects.get(key=f"case:{referral.case.pk}")
    officer = UserFactory(role=Role.CASE_OFFICER, organisation=registrar.organisation)
    case_update(actor=registrar, case=referral.case, case_officer=officer)
    assert SearchEntry.objects.get(key=entry.key).pk == entry.pk  # not deleted and written again
    case_update(actor=registrar, case=Case.objects.get(pk=referral.case.pk), title="Ny rubrik")
    rewritten = SearchEntry.objects.get(key=entry.key)
    assert rewritten.pk != entry.pk
    assert f"case:{referral.case.pk}" in _keys(service.search(registrar, "rubriken"))


def _notes(case: Case, texts: list[str]) -> list[SearchEntry]:
    """Entries of the case's kind "memo" with the given texts, oldest first, written straight
    into the index (the way `remiss search rebuild` writes them)."""
    organisation_id = case.registry.organisation_id
    return SearchEntry.objects.bulk_create(
        SearchEntry(
            key=f"note:{n}",
            kind=EntryKind.MEMO,
            case=case,
            organisation_id=organisation_id,
            year=case.year,
            title=text[:40],
            text=text,
            terms=entry_terms(
                kind=EntryKind.MEMO,
                year=case.year,
                organisation_id=organisation_id,
                stance="",
                text=text,
            ),
        )
        for n, text in enumerate(texts)
    )


@pytest.mark.django_db
def test_the_newest_matches_are_ranked_whichever_way_the_engine_finds_them(
    registrar, referral, monkeypatch
):
    """PostgreSQL walks the entries newest first for a word most of them hold, and takes a
    rare word's matches from the GIN index (service._newest_first); both give the newest
    CANDIDATES matches. SQLite always takes them from FTS5 newest first."""
    texts = ["Kommunens yttrande om vägunderhåll."] * 300
    for n in (40, 120, 200, 260, 290):
        texts[n] = "Kommunens yttrande om vägunderhåll och lantmäteriets kartor."
    notes = _notes(referral.case, texts)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
        common, rare = parse("vägunderhåll"), parse("lantmäteriets")
        assert service._newest_first(common, tsquery(common, {}), 10)
        assert not service._newest_first(rare, tsquery(rare, {}), 10)
    monkeypatch.setattr(service, "CANDIDATES", 3)
    for query, matches in [
        ("vägunderhåll", notes),
        ("lantmäteriets", [notes[n] for n in (40, 120, 200, 260, 290)]),
        ('"lantmäteriets kartor"', [notes[n] for n in (40, 120, 200, 260, 290)]),
    ]:
        results = service.search(registrar, query, service.Filters(kind=EntryKind.MEMO))
        assert results.more, query
        assert {hit.entry.pk for hit in results.hits} == {e.pk for e in matches[-3:]}, query
