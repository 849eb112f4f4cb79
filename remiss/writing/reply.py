"""The reply document as a sequence of blocks, from plain data. Pure Python, no Django.

A covering page first, as the government's guidance for replying to referrals asks (SB PM
2021:1): to whom, the ministry's case number ("Er beteckning") and ours, the report, the decision,
who decided and when, who presented. Then the layout of the seed (Stockholm's PM Rotel I, KS
2020/132): header, title, issuer and deadline, the proposed decision, the presenter's memo, the
decisions and members' statements, the compilation (remissammanställning) with each office's
statement in full; last the appendix of stances per proposal.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from remiss.writing.swedish import (
    STANCE_WORDS,
    Member,
    genitive,
    lower_first,
    referred_sentence,
    statement_intro,
    swedish_date,
)


@dataclass(frozen=True)
class MemberStatementData:
    kind: str
    members: list[Member]
    text: str = ""
    refers_to_kind: str | None = None
    refers_to_parties: list[str] = field(default_factory=list)  # party names, "Vänsterpartiet"


@dataclass(frozen=True)
class OfficeStatementData:
    unit: str  # "Stadsledningskontoret"
    date: dt.date
    text: str


@dataclass(frozen=True)
class ProposalStanceData:
    number: str
    title: str
    stance: str  # remiss.reading.schema.Stance's value
    comment: str


@dataclass(frozen=True)
class DecisionData:
    """The deciding body's decision on the reply, as it stands after any correction."""

    body: str  # "Kommunstyrelsen"
    date: dt.date
    outcome: str


@dataclass(frozen=True)
class ReplyData:
    memo_unit: str
    case_number: str
    report_title: str
    report_ref: str
    issuer: str
    deadline: dt.date
    preparatory_body: str
    deciding_body: str
    presenter_title: str  # "borgarrådet"
    presenter: str
    decision_text: str
    matter: str
    preparation: str
    views: str
    place: str
    date: dt.date
    signatory: str
    attachments: list[str]
    preparatory_decision: str = ""
    member_statements: list[MemberStatementData] = field(default_factory=list)
    compilation_matter: str = ""
    referred_units: list[str] = field(default_factory=list)  # "stadsledningskontoret"
    office_statements: list[OfficeStatementData] = field(default_factory=list)
    # Members' statements in the preparatory body (member_statements: in the deciding body).
    preparatory_statements: list[MemberStatementData] = field(default_factory=list)
    # The memo's stance on each proposal of the report: the reply's appendix table.
    proposal_stances: list[ProposalStanceData] = field(default_factory=list)
    # The covering page: who replies, the ministry's number, the decision when it is made.
    organisation: str = ""  # "Stockholms stad"
    issuer_dnr: str = ""  # "Fi2019/03090"
    decision: DecisionData | None = None


BlockKind = Literal["header", "title", "heading", "subheading", "paragraph", "signature",
                    "page_break", "table"]  # fmt: skip


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""  # for a table: its caption
    rows: tuple[tuple[str, ...], ...] = ()  # for a table: the header row first


def map_text(blocks: Sequence[Block], change: Callable[[str], str]) -> list[Block]:
    """The blocks with `change` applied to every text and table cell (masking before
    publication)."""
    return [
        replace(
            block,
            text=change(block.text),
            rows=tuple(tuple(change(cell) for cell in row) for row in block.rows),
        )
        for block in blocks
    ]


def paragraphs(text: str) -> list[Block]:
    """Blank lines separate paragraphs; line breaks inside one are spaces."""
    parts = re.split(r"\n\s*\n", (text or "").strip())
    return [Block("paragraph", re.sub(r"\s+", " ", part).strip()) for part in parts if part.strip()]


def reply_blocks(data: ReplyData) -> list[Block]:
    preparatory, deciding = data.preparatory_body, data.deciding_body
    title = f"{data.report_title} ({data.report_ref})" if data.report_ref else data.report_title
    proposes = f"{preparatory} föreslår att {lower_first(deciding)} beslutar följande."
    blocks = [
        *cover_blocks(data),
        Block("header", f"PM {data.memo_unit} (Dnr {data.case_number})"),
        Block("title", title),
        Block("paragraph", f"Remiss från {data.issuer}"),
        Block("paragraph", f"Remisstid {swedish_date(data.deadline)}"),
        Block("paragraph", proposes),
        *paragraphs(data.decision_text),
        Block(
            "paragraph",
            f"Föredragande {data.presenter_title} {data.presenter} anför följande.",
        ),
        Block("heading", "Ärendet"),
        *paragraphs(data.matter),
        Block("heading", "Beredning"),
        *paragraphs(data.preparation),
        Block("heading", "Mina synpunkter"),
        *paragraphs(data.views),
        Block("paragraph", f"Jag föreslår att {lower_first(proposes)}"),
        *paragraphs(data.decision_text),
        Block("paragraph", f"{data.place} {swedish_date(data.date)}"),
        Block("signature", data.signatory.upper()),
    ]
    if data.attachments:
        label = "Bilaga" if len(data.attachments) == 1 else "Bilagor"
        blocks += [Block("subheading", label), *(Block("paragraph", a) for a in data.attachments)]
    if data.preparatory_decision:
        blocks += paragraphs(data.preparatory_decision)
    # The members' statements of every body the case passed, in order, each under its body.
    for body, statements in ((preparatory, data.preparatory_statements),
                             (deciding, data.member_statements)):  # fmt: skip
        if statements:
            blocks.append(Block("heading", body))
            blocks += [block for statement in statements for block in statement_blocks(statement)]
    blocks += compilation_blocks(data)
    blocks += stance_appendix(data)
    return blocks


def cover_blocks(data: ReplyData) -> list[Block]:
    """The covering page. Before the deciding body has decided it says so: a draft is never
    taken for the reply."""
    title = f"{data.report_title} ({data.report_ref})" if data.report_ref else data.report_title
    blocks = [
        Block("header", data.organisation),
        Block("title", "Remissvar" if data.decision else "Förslag till remissvar"),
        Block("paragraph", f"Till {data.issuer}"),
    ]
    if data.issuer_dnr:
        blocks.append(Block("paragraph", f"Er beteckning {data.issuer_dnr}"))
    blocks += [
        Block("paragraph", f"Vår beteckning {data.case_number}"),
        Block("paragraph", f"Yttrande över {title}"),
    ]
    presenter = f"Föredragande: {data.presenter_title} {data.presenter}".replace("  ", " ")
    if data.decision is not None:
        decided = data.decision
        blocks += [
            Block("paragraph", f"{decided.body} beslutade {swedish_date(decided.date)} "
                               "följande."),
            *paragraphs(decided.outcome),
            Block("paragraph", f"Beslutande: {lower_first(decided.body)} "
                               f"{swedish_date(decided.date)}"),
        ]  # fmt: skip
    else:
        blocks.append(
            Block("paragraph", f"Beslutande: {lower_first(data.deciding_body)}. Ärendet är ännu "
                               "inte beslutat; detta är ett förslag.")
        )  # fmt: skip
    blocks.append(Block("paragraph", presenter))
    contents = "promemorian med remissammanställningen"
    if data.proposal_stances:
        contents += " och en bilaga med ställningstagandena per förslag"
    blocks += [Block("paragraph", f"Svaret består av {contents}."), Block("page_break")]
    return blocks


def stance_appendix(data: ReplyData) -> list[Block]:
    """The stance on each proposal as a table a person and a ministry's reader can take in;
    after the reply and its compilation, where it changes nothing of them."""
    if not data.proposal_stances:
        return []
    rows = tuple(
        (f"{p.number}. {p.title}", STANCE_WORDS.get(p.stance, p.stance), p.comment)
        for p in data.proposal_stances
    )
    return [
        Block("page_break"),
        Block("heading", "Bilaga: Ställningstaganden per förslag"),
        Block("table", "Ställningstaganden per förslag", (("Förslag", "Ställningstagande",
                                                            "Kommentar"), *rows)),
    ]  # fmt: skip


def statement_blocks(statement: MemberStatementData) -> list[Block]:
    intro = statement_intro(
        statement.kind,
        statement.members,
        refers_to_kind=statement.refers_to_kind,
        refers_to_parties=statement.refers_to_parties,
    )
    return [Block("paragraph", intro), *paragraphs(statement.text)]


def compilation_blocks(data: ReplyData) -> list[Block]:
    """The remissammanställning: the matter, who it was referred to, each statement in full."""
    blocks = [
        Block("page_break"),
        Block("heading", "Remissammanställning"),
        Block("subheading", "Ärendet"),
        *paragraphs(data.compilation_matter or data.matter),
    ]
    if data.referred_units:
        blocks += [
            Block("subheading", "Beredning"),
            Block("paragraph", referred_sentence(data.referred_units)),
        ]
    for statement in data.office_statements:
        blocks += [
            Block("subheading", statement.unit),
            Block(
                "paragraph",
                f"{genitive(statement.unit)} tjänsteutlåtande daterat "
                f"{swedish_date(statement.date)} har i huvudsak följande lydelse.",
            ),
            *paragraphs(statement.text),
        ]
    return blocks
