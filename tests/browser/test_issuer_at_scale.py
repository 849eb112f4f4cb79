"""A ministry's referral at its real size, in a real browser (issue 15, done-when): the official
pastes a referral list of 120 bodies with its headings, adds the two the register lacks from
the review, and sends; the e-mails reach a real SMTP server. Replies come back by reply link,
by e-mail (saved messages uploaded to the mailbox) and by upload — 30 of them near-copies of
SKR's statement — and one from a body that answers in Remiss. The compilation groups
the campaign and counts it; publishing it e-mails each body its feedback link, and a body
reports a misreading on its feedback page."""

from __future__ import annotations

import datetime as dt
import random
import re
from email.message import EmailMessage
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from remiss.cases.models import Case
from remiss.consultations.models import OutgoingReferral, Reply, ReplyFeedback
from remiss.organisations.models import Organisation, OrganisationKind
from tests.browser.conftest import assert_accessible, log_in
from tests.documents import make_docx, make_pdf
from tests.factories import OrganisationFactory
from tests.respondent import decide_and_reply

GAZETTEER = Path(__file__).resolve().parents[2] / "remiss" / "reading" / "data" / "bodies.txt"
REPLY_LINK = re.compile(r"(http://[^\s]+/svar/[A-Za-z0-9_-]+/)")
FEEDBACK_LINK = re.compile(r"(http://[^\s]+/aterkoppling/[^\s/]+/)")
KINDS = {
    "kommuner": OrganisationKind.MUNICIPALITY,
    "regioner": OrganisationKind.REGION,
    "statliga myndigheter och domstolar": OrganisationKind.AGENCY,
}
DEMO_ADDRESSES = {
    "Boverket": "registraturen@boverket.se",
    "Naturvårdsverket": "registrator@naturvardsverket.se",
}
IN_DEMO = ("Boverket", "Naturvårdsverket", "Sveriges Kommuner och Regioner", "Stockholms stad")
NOT_IN_REGISTER = ("Statskontoret", "Ekonomistyrningsverket")  # added from the review
TEMPLATE = (
    "{name} har beretts tillfälle att yttra sig över betänkandet En ny myndighet för tillsyn. "
    "Kommunen ansluter sig till det yttrande som Sveriges Kommuner och Regioner har lämnat. "
    "Kommunen avstyrker förslaget om en ny tillsynsmyndighet. Tillsynen bör även i "
    "fortsättningen ligga nära kommunerna, som känner de lokala förhållandena och har de "
    "resurser som behövs. Kommunen tillstyrker förslaget om avgifter för tillsyn, under "
    "förutsättning att avgifterna får täcka kommunernas hela kostnad för arbetet."
)


def gazetteer_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in GAZETTEER.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
        elif line.strip() and not line.startswith("#"):
            sections.setdefault(current, []).append(line.split(" | ")[0].strip())
    return sections


def the_120() -> dict[str, list[str]]:
    """The bodies of the list by kind: the demo's four, 80 municipalities, the 21 regions and 15
    state agencies, as a ministry's list for a referral on supervision would hold them."""
    sections = gazetteer_sections()
    municipalities = [n for n in sections["kommuner"] if n not in IN_DEMO][:80]
    agencies = [n for n in sections["statliga myndigheter och domstolar"]
                if n not in IN_DEMO and n not in NOT_IN_REGISTER][:13]  # fmt: skip
    return {
        "Statliga myndigheter": ["Boverket", "Naturvårdsverket", *NOT_IN_REGISTER, *agencies],
        "Regioner": sections["regioner"][:21],
        "Kommuner": ["Stockholms stad", *municipalities],
        "Organisationer": ["Sveriges Kommuner och Regioner"],
    }


def address(name: str) -> str:
    slug = re.sub(r"[^a-z]", "", name.lower().translate(str.maketrans("åäöé", "aaoe")))
    return f"registrator@{slug}.se"


def the_list(bodies: dict[str, list[str]]) -> str:
    """As a ministry publishes it: a title, group headings, numbered lines, a body with its
    abbreviation, and the note on where to send replies."""
    lines = ["Remissinstanser", ""]
    number = 0
    for heading, names in bodies.items():
        lines += ["", heading]
        for name in names:
            number += 1
            skr = name.startswith("Sveriges K")
            shown = "Sveriges Kommuner och Regioner (SKR)" if skr else name
            lines.append(f"{number}. {shown}")
    return "\n".join(lines)


REASONS = "Tillsynen bör även i fortsättningen ligga nära kommunerna"


def campaign_copy(name: str, rng: random.Random) -> str:
    """The template with a few words of its reasons changed, as each municipality edits it."""
    text = TEMPLATE.format(name=name)
    start = text.index(REASONS)
    end = text.index(".", start)
    words = text[start:end].split()
    for _ in range(3):
        words[rng.randrange(1, len(words))] = rng.choice(["också", "därför", "vidare", "särskilt"])
    text = f"{text[:start]}{' '.join(words)}{text[end:]}"
    return f"{name}\nYttrande\n\n{text}\n\nFör {name}\nKommunstyrelsen"


def mail_reply(subject: str, sender: str, attachment: bytes, filename: str) -> bytes:
    message = EmailMessage()
    message["From"], message["To"] = sender, "fi.registrator@regeringskansliet.se"
    message["Subject"] = subject
    message["Message-ID"] = f"<{abs(hash((subject, sender)))}@example.se>"
    message.set_content("Hej,\n\nHär kommer vårt remissvar.\n\nMed vänlig hälsning\nRegistrator")
    message.add_attachment(attachment, maintype="application", subtype="pdf", filename=filename)
    return message.as_bytes()


def test_a_referral_of_120_bodies_from_list_to_feedback(
    browser, live_server, demo, axe, smtp_server, settings, tmp_path
):
    settings.REMISS_BASE_URL = live_server.url
    bodies = the_120()
    everyone = [name for names in bodies.values() for name in names]
    assert len(everyone) == len(set(everyone)) == 120
    kind_of = {n: KINDS["kommuner"] for n in bodies["Kommuner"]}
    kind_of |= {n: KINDS["regioner"] for n in bodies["Regioner"]}
    kind_of |= {n: KINDS["statliga myndigheter och domstolar"]
                for n in bodies["Statliga myndigheter"]}  # fmt: skip
    for name in everyone:
        if name not in IN_DEMO and name not in NOT_IN_REGISTER:
            OrganisationFactory(name=name, kind=kind_of[name], email=address(name))
    today = timezone.localdate()
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    log_in(page, live_server, "departement")

    # The referral, with its two proposals.
    page.get_by_role("link", name="Utgående remisser").click()
    page.get_by_role("link", name="Ny utgående remiss").click()
    page.get_by_label("Beteckning", exact=True).fill("SOU 2026:40")
    page.get_by_label("Betänkandets titel", exact=True).fill("En ny myndighet för tillsyn")
    page.get_by_label("Remisstid", exact=True).fill((today + dt.timedelta(days=90)).isoformat())
    page.get_by_label("Förslagen, ett per rad", exact=True).fill(
        "1. En ny tillsynsmyndighet\n2. Avgifter för tillsyn"
    )
    page.get_by_role("button", name="Registrera remissen").click()
    expect(page.get_by_role("status").first).to_contain_text("Remissen registrerades som Fi")
    referral = OutgoingReferral.objects.get(report_ref="SOU 2026:40")
    number = referral.case.number

    # The list: 120 bodies read, the headings not among them; two are not in the register.
    page.get_by_label("Klistra in listan över remissinstanser", exact=True).fill(the_list(bodies))
    page.get_by_role("button", name="Läs listan").click()
    expect(page.get_by_role("heading", name="Granska listan")).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("120 instanser lästes från listan")
    review = page.get_by_role("table", name=re.compile("Varje namn i listan"))
    for heading in ("Remissinstanser", "Kommuner", "Regioner"):
        expect(review.get_by_role("rowheader", name=heading, exact=True)).to_have_count(0)
    expect(page.get_by_role("checkbox", checked=True)).to_have_count(118)
    assert_accessible(axe, page)
    for name in NOT_IN_REGISTER:  # one step each; what was checked stays checked
        row = review.get_by_role("row", name=re.compile(name))
        row.get_by_label("Funktionsbrevlåda").fill(address(name))
        row.get_by_role("button", name=f"Lägg till {name} i registret").click()
        expect(page.locator(".messages")).to_contain_text(f"{name} lades till i registret")
    expect(page.get_by_role("checkbox", checked=True)).to_have_count(120)
    page.get_by_role("button", name="Lägg till de markerade instanserna").click()
    expect(page.get_by_role("status").first).to_contain_text("120 remissinstanser lades till")
    assert referral.recipients.count() == 120

    # Sending: Stockholms stad gets it in Remiss, the others by e-mail with their own link.
    page.get_by_role("button", name="Skicka remissen").click()
    expect(page.get_by_text("Levererad i Remiss till Stockholms stad")).to_be_visible()
    assert_accessible(axe, page)
    mails = {m["To"]: m for m in smtp_server.messages}
    links = {
        to: REPLY_LINK.search(m.get_body(("plain",)).get_content()).group(1)
        for to, m in mails.items()
    }
    waiting_approval = set(NOT_IN_REGISTER)  # an administrator approves a proposed body first
    assert len(links) == 119 - len(waiting_approval)
    assert len(set(links.values())) == len(links)  # each body its own link
    assert Case.objects.filter(referral__sent_from__organisation__name="Stockholms stad").exists()

    # Replies by reply link: Boverket and Naturvårdsverket, no log-in.
    outsider = browser.new_context(locale="sv-SE").new_page()
    boverket = (
        "Yttrande från Boverket\n\nBoverket tillstyrker förslaget om en ny tillsynsmyndighet."
        "\n\nBoverket avstyrker förslaget om avgifter."
    )
    by_link = {
        "Boverket": make_pdf([boverket]),
        "Naturvårdsverket": make_docx(
            ["Naturvårdsverket", "Naturvårdsverket har inga synpunkter på betänkandet."]
        ),
    }
    for name, content in by_link.items():
        path = tmp_path / f"{name}.{'pdf' if content.startswith(b'%PDF') else 'docx'}"
        path.write_bytes(content)
        outsider.goto(links[DEMO_ADDRESSES[name]])
        outsider.get_by_label("Ert remissvar", exact=True).set_input_files(str(path))
        outsider.get_by_role("button", name="Skicka remissvaret").click()
        expect(outsider.get_by_role("heading", name="Tack för ert remissvar")).to_be_visible()

    # Replies by e-mail: SKR's and a region's messages, saved from the mailbox and uploaded.
    region = bodies["Regioner"][0]
    messages = {
        "skr.eml": mail_reply(f"Remissvar {number} SOU 2026:40", "info@skr.se",
                              make_pdf([TEMPLATE.format(name="Sveriges Kommuner och Regioner")
                                        .replace("Kommunen ansluter sig till det yttrande som "
                                                 "Sveriges Kommuner och Regioner har lämnat. ",
                                                 "")]),
                              "SKR yttrande.pdf"),
        "region.eml": mail_reply(f"Svar på remiss {number}", address(region),
                                 make_pdf([f"{region}\n\n{region} tillstyrker förslaget om en ny "
                                           "tillsynsmyndighet och förslaget om avgifter."]),
                                 "Yttrande.pdf"),
    }  # fmt: skip
    for name, content in messages.items():
        (tmp_path / name).write_bytes(content)
    page.get_by_role("link", name="Inkommen e-post").click()
    page.get_by_label("E-postmeddelanden", exact=True).set_input_files(
        [tmp_path / name for name in messages]
    )
    page.get_by_role("button", name="Ladda upp").click()
    expect(page.locator(".messages")).to_contain_text("2 registrerade som remissvar")

    # Replies uploaded by the official: 30 municipalities with one template, three others.
    rng = random.Random(40)
    campaign = bodies["Kommuner"][1:31]
    folder = tmp_path / "svar"
    folder.mkdir()
    for name in campaign:
        (folder / f"{name}.pdf").write_bytes(make_pdf([campaign_copy(name, rng)]))
    others = {
        bodies["Kommuner"][40]: "kommunen avstyrker båda förslagen: en ny tillsynsmyndighet "
        "behövs inte och avgifterna skulle drabba de små företagen.",
        bodies["Regioner"][5]: "regionen har inga synpunkter på förslagen.",
        bodies["Statliga myndigheter"][6]: "myndigheten tillstyrker förslaget om en ny "
        "tillsynsmyndighet men avstyrker förslaget om avgifter.",
    }
    for name, text in others.items():
        (folder / f"{name}.pdf").write_bytes(make_pdf([f"{name}\n\nRemissvar\n\n{name}: {text}"]))
    page.goto(f"{live_server.url}/remisser/{referral.case.registry.prefix}/{referral.case.year}/"
              f"{referral.case.serial}/")  # fmt: skip
    page.get_by_role("link", name="Ladda upp remissvar").click()
    page.get_by_label("Remissvar", exact=True).set_input_files(sorted(folder.iterdir()))
    page.get_by_role("button", name="Ladda upp").click()
    expect(page.get_by_role("status").first).to_contain_text("33 remissvar togs emot")

    # Stockholms stad decides in Remiss; its reply comes back structured.
    decide_and_reply(
        Case.objects.get(referral__sent_from__organisation__name="Stockholms stad"),
        {"1": ("opposes", "Staden avstyrker en ny tillsynsmyndighet."),
         "2": ("supports", "Staden tillstyrker avgifterna.")},
    )  # fmt: skip
    replies = Reply.objects.filter(referral=referral)
    assert replies.count() == 38
    assert {r.organisation.name for r in replies if r.organisation} >= {*campaign, *others}

    # The compilation: the campaign once, with its senders; the counts; who did not reply.
    page.goto(page.url)
    page.get_by_role("link", name="Sammanställning").click()
    expect(page.get_by_role("heading", name="Likalydande svar")).to_be_visible()
    # The 30 municipalities copied SKR's statement: SKR's reply is of the group.
    groups = page.locator("section[aria-labelledby=campaigns] li")
    assert [g.split(":")[0] for g in groups.all_inner_texts()] == [
        "31 svar med texten i SKR yttrande.pdf"
    ]
    group = groups.first
    for name in ("Sveriges Kommuner och Regioner", *campaign[:3]):
        expect(group).to_contain_text(name)
    counts = page.get_by_role(
        "table", name="Antal remissinstanser per förslag och ställningstagande"
    )
    header = [cell.inner_text().strip() for cell in counts.locator("thead th").all()]
    first = counts.locator("tbody tr").first
    cells = [cell.inner_text().strip() for cell in first.locator("th, td").all()]
    assert "En ny tillsynsmyndighet" in cells[0]
    opposed = int(cells[header.index("avstyrker")])
    # The campaign's 30, SKR, Stockholms stad and the municipality against both.
    assert opposed == 33
    assert_accessible(axe, page)

    # Publishing the compilation e-mails each body that replied its own feedback link.
    before = len(smtp_server.messages)
    page.get_by_role("link", name="Publicera sammanställningen").click()
    page.get_by_role("button", name="Förhandsgranska").click()
    page.get_by_role("button", name="Publicera", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Publicerat på de offentliga sidorna")
    feedback_mails = {
        m["To"]: FEEDBACK_LINK.search(m.get_body(("plain",)).get_content()).group(1)
        for m in smtp_server.messages[before:]
    }
    assert len(feedback_mails) >= 35
    sent_feedback = ReplyFeedback.objects.filter(reply__referral=referral, sent_at__isnull=False)
    assert sent_feedback.count() == len(feedback_mails)

    # A municipality of the campaign reads how its reply was read and reports a misreading.
    reader = browser.new_context(locale="sv-SE").new_page()
    reader.goto(feedback_mails[address(campaign[0])])
    expect(reader.get_by_role("heading", level=1)).to_have_text("Så lästes ert remissvar")
    table = reader.get_by_role("table", name="Ert ställningstagande till varje förslag")
    expect(table.get_by_role("row", name=re.compile("En ny tillsynsmyndighet"))).to_contain_text(
        "Avstyrker"
    )
    assert_accessible(axe, reader)
    reader.get_by_label("Vad har vi läst fel?").fill("Vi tillstyrker avgifterna bara med villkor.")
    reader.get_by_role("button", name="Rapportera felläsningen").click()
    expect(reader.get_by_role("status")).to_contain_text("Tack.")
    flagged = ReplyFeedback.objects.get(flag__startswith="Vi tillstyrker avgifterna")
    assert flagged.reply.organisation.name == campaign[0]
    assert Organisation.objects.filter(name__in=NOT_IN_REGISTER, approved=False).count() == 2
