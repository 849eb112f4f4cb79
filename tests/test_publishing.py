"""Published replies (issue 17 §2) and the public feeds (§3): a decided reply, a reply received
and a compilation published with identity numbers and private e-mail addresses masked, after a
preview; audited; withdrawn; read by anyone through the public register's pages and Atom feeds,
never with anything secret."""

from __future__ import annotations

import io
from pathlib import Path

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation
from lxml import etree
from PIL import Image

from remiss.accounts.models import Role, User
from remiss.cases import files
from remiss.cases.models import AWAITING_REPLY_STATUSES, Case, Publication, PublicationKind
from remiss.cases.services import record_set_secrecy
from remiss.consultations import publishing
from remiss.consultations.replies import replies_upload
from remiss.core.errors import NotAllowed, ServiceError
from remiss.core.models import AuditEntry
from remiss.meetings.models import AgendaItem, Meeting
from remiss.organisations.models import Organisation
from remiss.reading.extract import extract_docx, extract_pdf
from remiss.referrals.models import MemoVersion
from tests.demo_data import load_demo
from tests.factories import UserFactory, ministry_referral

pytestmark = pytest.mark.django_db

PERSONNUMMER = "811218-9876"
PRIVATE_MAIL = "karin.lind@gmail.com"
ATOM = "{http://www.w3.org/2005/Atom}"
DEMO_DECIDED = "Promemorian Enklare tillstånd för uteserveringar"


@pytest.fixture
def demo(files_dir):
    load_demo()


@pytest.fixture
def decided(demo) -> Case:
    """The demo's decided reply (minutes approved), its memo naming a private person."""
    case = Case.objects.get(
        referral__report_title="Promemorian Enklare tillstånd för uteserveringar"
    )
    version = MemoVersion.objects.filter(memo__case=case).order_by("-number").first()
    MemoVersion.objects.filter(pk=version.pk).update(
        views=version.views
        + f"\n\nEn enskild näringsidkare ({PERSONNUMMER}, {PRIVATE_MAIL}) har hört av sig."
    )
    return case


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """publishing.publish as a committed request runs it: the files are moved into the store
    when the transaction commits."""

    def run(**arguments):
        with django_capture_on_commit_callbacks(execute=True):
            return publishing.publish(**arguments)

    return run


@pytest.fixture
def registrar() -> User:
    return User.objects.get(username="registrator")


@pytest.fixture
def referral(demo):
    return ministry_referral(bodies=("Boverket",))


def _receive(referral, content: bytes, name: str):
    official = User.objects.get(username="departement")
    staged = files.stage_upload(io.BytesIO(content), name)
    [reply] = replies_upload(actor=official, referral=referral, staged=[staged])
    files._publish(staged)
    return reply


def _public_text(client, tmp_path: Path, publication: Publication) -> dict[str, str]:
    """Each published file as anyone downloads it, as text."""
    org = publication.case.registry.organisation_id
    texts = {}
    for item in publication.files.all():
        response = client.get(
            reverse(
                "public_published_file",
                kwargs={"org": org, "pk": publication.pk, "file_pk": item.pk},
            )
        )
        assert response.status_code == 200
        path = tmp_path / item.file_name
        path.write_bytes(b"".join(response.streaming_content))
        if path.suffix == ".pdf":
            texts[item.file_name] = " ".join(" ".join(extract_pdf(path).pages).split())
        elif path.suffix == ".docx":
            texts[item.file_name] = " ".join(" ".join(extract_docx(path).pages).split())
        else:
            texts[item.file_name] = path.read_text()
    return texts


def _feed_entries(client, org: int, name: str) -> list[str]:
    response = client.get(reverse("public_feed", kwargs={"org": org, "name": name}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = etree.fromstring(response.content, etree.XMLParser(resolve_entities=False))
    return [entry.findtext(f"{ATOM}title") or "" for entry in root.iter(f"{ATOM}entry")]


def test_our_decided_reply_is_published_masked_in_pdf_and_word(
    client, decided, registrar, tmp_path, publish
):
    draft = publishing.own_reply_draft(actor=registrar, case=decided)
    assert [(f.kind, f.value) for f in draft.found] == [
        ("personnummer", PERSONNUMMER),
        ("email", PRIVATE_MAIL),
    ]
    assert "näringsidkare (" in draft.found[0].before
    publication = publish(actor=registrar, case=decided, draft=draft)
    assert publication.masked == 2

    texts = _public_text(client, tmp_path, publication)
    assert sorted(Path(name).suffix for name in texts) == [".docx", ".pdf"]
    for text in texts.values():
        assert PERSONNUMMER not in text
        assert PRIVATE_MAIL not in text
        assert "[personnummer maskerat]" in text
        assert "[e-postadress maskerad]" in text
        assert "uteserveringar" in text
    # The registered memo is not changed: only the published copy is masked.
    assert PERSONNUMMER in MemoVersion.objects.filter(memo__case=decided).latest("number").views
    entry = AuditEntry.objects.filter(case=decided, object_type="cases.publication").get()
    assert entry.after["masked"] == 2


def test_published_replies_are_listed_and_fed_to_anyone_until_withdrawn(
    client, decided, registrar, publish
):
    publication = publish(
        actor=registrar,
        case=decided,
        draft=publishing.own_reply_draft(actor=registrar, case=decided),
    )
    org = decided.registry.organisation_id
    listing = client.get(reverse("public_published", kwargs={"org": org})).content.decode()
    assert publication.title in listing
    case_page = client.get(
        reverse(
            "public_case",
            kwargs={
                "org": org,
                "prefix": decided.registry.prefix,
                "year": decided.year,
                "serial": decided.serial,
            },
        )
    ).content.decode()
    assert publication.title in case_page
    assert _feed_entries(client, org, "publicerat") == [publication.title]

    with pytest.raises(ServiceError):
        publishing.withdraw(actor=registrar, publication=publication, reason="  ")
    publishing.withdraw(actor=registrar, publication=publication, reason="Fel version publicerad")
    item = publication.files.first()
    gone = client.get(
        reverse(
            "public_published_file", kwargs={"org": org, "pk": publication.pk, "file_pk": item.pk}
        )
    )
    assert gone.status_code == 410
    with translation.override("sv"):
        assert "har återkallats" in gone.content.decode()
    assert (
        publication.title
        not in client.get(reverse("public_published", kwargs={"org": org})).content.decode()
    )
    assert _feed_entries(client, org, "publicerat") == []
    assert AuditEntry.objects.filter(case=decided, object_type="cases.publication").count() == 2
    with pytest.raises(ServiceError):
        publishing.withdraw(actor=registrar, publication=publication, reason="igen")


def test_publishing_again_replaces_the_earlier_publication(decided, registrar, publish):
    first = publish(
        actor=registrar,
        case=decided,
        draft=publishing.own_reply_draft(actor=registrar, case=decided),
    )
    second = publish(
        actor=registrar,
        case=decided,
        draft=publishing.own_reply_draft(actor=registrar, case=decided, chosen=["näringsidkare"]),
    )
    first.refresh_from_db()
    assert first.is_withdrawn
    assert first.withdrawal_reason
    assert not second.is_withdrawn
    assert second.masked == 3


def test_only_registrars_administrators_and_the_referrals_official_publish(decided, referral):
    for role in (Role.CASE_OFFICER, Role.POLITICIAN, Role.OFFICE_RESPONDENT):
        user = UserFactory(role=role, organisation=decided.registry.organisation)
        with pytest.raises(NotAllowed):
            publishing.own_reply_draft(actor=user, case=decided)
    outsider = UserFactory(role=Role.REGISTRAR, organisation=referral.case.registry.organisation)
    with pytest.raises(NotAllowed):
        publishing.own_reply_draft(actor=outsider, case=decided)
    official = User.objects.get(username="departement")
    assert publishing.compilation_draft(actor=official, case=referral.case).files


def test_a_reply_not_yet_decided_is_not_published(demo, registrar):
    undecided = (
        Case.objects.filter(referral__isnull=False)
        .exclude(agenda_items__decisions__isnull=False)
        .first()
    )
    with translation.override("sv"), pytest.raises(ServiceError, match="har fattat beslut"):
        publishing.own_reply_draft(actor=registrar, case=undecided)


def test_a_received_reply_is_published_as_it_came_or_as_a_masked_text_version(
    client, referral, tmp_path, publish
):
    official = User.objects.get(username="departement")
    clean = _receive(
        referral,
        "Yttrande från Boverket\n\nBoverket tillstyrker.".encode(),
        "Fi2026-9 Boverket.txt",
    )
    draft = publishing.received_reply_draft(actor=official, reply=clean)
    assert draft.found == []
    assert draft.originals == ["Fi2026-9 Boverket.txt"]
    published = publish(actor=official, case=referral.case, draft=draft, reply=clean)
    assert list(_public_text(client, tmp_path, published).values()) == [
        "Yttrande från Boverket\n\nBoverket tillstyrker."
    ]

    personal = _receive(
        referral,
        f"Synpunkter från en privatperson\n\nJag ({PERSONNUMMER}) avstyrker. Svar till "
        f"{PRIVATE_MAIL}, kopia registrator@boverket.se.".encode(),
        "synpunkter.txt",
    )
    draft = publishing.received_reply_draft(actor=official, reply=personal)
    assert [f.kind for f in draft.found] == ["personnummer", "email"]
    assert draft.found[0].where == "synpunkter.txt, s. 1"
    published = publish(actor=official, case=referral.case, draft=draft, reply=personal)
    [(name, text)] = _public_text(client, tmp_path, published).items()
    assert name == "synpunkter (maskerad).pdf"
    assert PERSONNUMMER not in text
    assert PRIVATE_MAIL not in text
    assert "registrator@boverket.se" in text
    assert "avstyrker" in text


def test_a_file_that_cannot_be_read_is_published_only_when_a_person_has_checked_it(
    referral, publish
):
    official = User.objects.get(username="departement")
    picture = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(picture, format="PNG")
    scan = _receive(referral, picture.getvalue(), "fotograferat svar.png")
    draft = publishing.received_reply_draft(actor=official, reply=scan)
    assert draft.unchecked == ["fotograferat svar.png"]
    with pytest.raises(ServiceError) as refused:
        publish(actor=official, case=referral.case, draft=draft, reply=scan)
    assert refused.value.field == "unchecked_seen"
    assert not Publication.objects.exists()
    publish(actor=official, case=referral.case, draft=draft, reply=scan, unchecked_seen=True)
    assert Publication.objects.get().reply == scan


def test_secret_replies_are_not_published_nor_in_the_published_compilation(
    client, referral, tmp_path, publish
):
    official = User.objects.get(username="departement")
    registrar = UserFactory(role=Role.REGISTRAR, organisation=official.organisation)
    _receive(
        referral,
        "Yttrande från Boverket\n\nBoverket tillstyrker.".encode(),
        "Fi2026-9 Boverket.txt",
    )
    secret = _receive(
        referral, "Hemligt svar KANARIEFÅGEL\n\nVi avstyrker.".encode(), "hemligt.txt"
    )
    record_set_secrecy(actor=registrar, record=secret.record, provision="OSL 21 kap. 7 §")
    with pytest.raises(ServiceError):
        publishing.received_reply_draft(actor=registrar, reply=secret)
    draft = publishing.compilation_draft(actor=registrar, case=referral.case)
    publication = publish(actor=registrar, case=referral.case, draft=draft)
    assert publication.kind == PublicationKind.COMPILATION
    [text] = _public_text(client, tmp_path, publication).values()
    assert "Remissammanställning" in text
    assert "KANARIEFÅGEL" not in text
    assert "hemligt" not in text
    assert "Boverket" in text  # the open reply is compiled


def test_the_feeds_carry_referrals_and_decisions_once_the_minutes_are_approved(client, demo):
    city = Organisation.objects.get(name="Stockholms stad")
    case = Case.objects.get(
        referral__report_title="Promemorian Enklare tillstånd för uteserveringar"
    )
    assert any(case.number in title for title in _feed_entries(client, city.pk, "remisser"))
    assert any(case.number in title for title in _feed_entries(client, city.pk, "beslut"))
    # An item on approved minutes with no decision yet is no decision in the feed.
    other = Case.objects.filter(registry__organisation=city, agenda_items__isnull=True).first()
    meeting = Meeting.objects.filter(minutes_approved_at__isnull=False).first()
    AgendaItem.objects.create(meeting=meeting, case=other, number=99)
    assert not any(other.number in title for title in _feed_entries(client, city.pk, "beslut"))
    Meeting.objects.update(minutes_approved_at=None)
    assert _feed_entries(client, city.pk, "beslut") == []
    assert (
        client.get(reverse("public_feed", kwargs={"org": city.pk, "name": "hemligt"})).status_code
        == 404
    )


def _calendar_events(client, org: int) -> dict[str, tuple[str, str]]:
    response = client.get(reverse("public_calendar", kwargs={"org": org}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {
        str(event["summary"]): (event.decoded("dtstart").isoformat(), str(event["url"]))
        for event in calendar.walk("VEVENT")
    }


def test_the_public_calendar_holds_the_deadlines_and_meetings(client, demo):
    city = Organisation.objects.get(name="Stockholms stad")
    with translation.override("sv"):
        events = _calendar_events(client, city.pk)
    open_case = (
        Case.objects.filter(
            registry__organisation=city, referral__isnull=False, status__in=AWAITING_REPLY_STATUSES
        )
        .exclude(deadline=None)
        .first()
    )
    summary = (
        f"Svar till {open_case.referral.issuer.name} senast: {open_case.number} {open_case.title}"
    )
    assert events[summary][0] == open_case.deadline.isoformat()
    assert events[summary][1].endswith(
        f"/diarium/{city.pk}/{open_case.registry.prefix}/{open_case.year}/{open_case.serial}/"
    )
    meeting = Meeting.objects.filter(items__case__registry__organisation=city).first()
    assert events[f"Sammanträde: {meeting.body.name}"]
    # A closed case's deadline has passed for good; no one's name, no record, no other body.
    closed = Case.objects.filter(registry__organisation=city, status="closed").first()
    assert not any(closed.number in summary for summary in events)
    assert not any("Handläggare" in summary or "Remissvar" in summary for summary in events)
    # The ministry's referral sent out: when the replies are due, in its own calendar only.
    referral = ministry_referral(sent=True)
    ministry = referral.case.registry.organisation
    with translation.override("sv"):
        ministry_events = _calendar_events(client, ministry.pk)
        assert f"Remisstiden går ut: {referral.case.number} {referral.case.title}" in (
            ministry_events
        )
        assert not any(referral.case.number in s for s in _calendar_events(client, city.pk))
    assert client.get(reverse("public_calendar", kwargs={"org": 999_999})).status_code == 404


def test_the_publish_page_previews_and_publishes(client, decided, registrar):
    client.force_login(registrar)
    url = reverse(
        "cases:publish",
        kwargs={"prefix": decided.registry.prefix, "year": decided.year, "serial": decided.serial},
    )
    assert client.get(url).status_code == 200
    preview = client.post(url, {"action": "preview", "chosen": ""}).content.decode()
    assert PERSONNUMMER in preview  # shown to the person who publishes, in the preview
    assert not Publication.objects.exists()
    done = client.post(url, {"action": "publish", "chosen": ""})
    assert done.status_code == 302
    assert Publication.objects.get().masked == 2
    page = client.get(done["Location"]).content.decode()
    assert Publication.objects.get().title in page

    client.force_login(User.objects.get(username="handlaggare"))
    assert client.get(url).status_code == 404
    publication = Publication.objects.get()
    withdraw = reverse(
        "cases:publication_withdraw",
        kwargs={
            "prefix": decided.registry.prefix,
            "year": decided.year,
            "serial": decided.serial,
            "pk": publication.pk,
        },
    )
    assert client.post(withdraw, {"reason": "x"}).status_code == 404
    client.force_login(registrar)
    client.post(withdraw, {"reason": "Felaktig bilaga"})
    publication.refresh_from_db()
    assert publication.withdrawal_reason == "Felaktig bilaga"
