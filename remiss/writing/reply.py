"""The reply document as a sequence of blocks, from plain data. Pure Python, no Django.

The layout is the seed's (Stockholm's PM Rotel I, KS 2020/132): header, title, issuer and
deadline, the proposed decision, the presenter's memo, the decisions and members' statements,
then the compilation (remissammanställning) with each office's statement in full.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
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


BlockKind = Literal["header", "title", "heading", "subheading", "paragraph", "signature",
                    "page_break", "table"]  # fmt: skip


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""  # for a table: its caption
    rows: tuple[tuple[str, ...], ...] = ()  # for a table: the header row first


def paragraphs(text: str) -> list[Block]:
    """Blank lines separate paragraphs; line breaks inside one are spaces."""
    parts = re.split(r"\n\s*\n", (text or "").strip())
    return [Block("paragraph", re.sub(r"\s+", " ", part).strip()) for part in parts if part.strip()]


def reply_blocks(data: ReplyData) -> list[Block]:
    preparatory, deciding = data.preparatory_body, data.deciding_body
    title = f"{data.report_title} ({data.report_ref})" if data.report_ref else data.report_title
    proposes = f"{preparatory} föreslår att {lower_first(deciding)} beslutar följande."
    blocks = [
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
