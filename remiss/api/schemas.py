"""What the REST API takes and answers (docs/api.md). The names are the code's (docs/glossary.md
gives the Swedish words); a reply's reading follows the reading schema (docs/reading.md)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from remiss.cases.models import CaseStatus, Direction
from remiss.consultations.models import ReplySource
from remiss.reading.schema import Stance


class ErrorOut(Schema):
    detail: str = Field(
        description="What went wrong, in the language asked for (Swedish by default)."
    )
    field: str | None = Field(None, description="The input it concerns, when one.")


class ValidationErrorOut(Schema):
    detail: list[dict[str, object]]


# --- the public register ------------------------------------------------------------------


class PublicOrganisationOut(Schema):
    id: int
    name: str
    email: str = Field(description="The functional mailbox, where documents are requested.")


class PublicRecordOut(Schema):
    number: str = Field(examples=["KS 2020/132-1"])
    serial: int
    direction: Direction
    registered: dt.date
    document_date: dt.date
    counterpart: str = Field(description="Sender or recipient; empty when withheld.")
    subject: str = Field(description="For a secret record, the public subject the registrar wrote.")
    secrecy_provision: str = Field(description="The provision of OSL; empty for a public record.")


class PublicFileOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    url: str


class PublicationOut(Schema):
    id: int
    organisation_id: int
    kind: str
    title: str
    published: dt.datetime
    case_number: str
    masked: int = Field(description="How many findings were masked (personal identity numbers…).")
    files: list[PublicFileOut]


class PublicCaseOut(Schema):
    organisation_id: int
    organisation: str
    number: str = Field(examples=["KS 2020/132"])
    prefix: str
    year: int
    serial: int
    title: str
    registered: dt.date
    closed: bool


class PublicCaseDetailOut(PublicCaseOut):
    records: list[PublicRecordOut]
    publications: list[PublicationOut]


class PublicCasePageOut(Schema):
    items: list[PublicCaseOut]
    count: int
    page: int
    pages: int


# --- for a person's key --------------------------------------------------------------------


class MeOut(Schema):
    username: str
    name: str
    organisation: str
    role: str
    scope: str = Field(description="What the key may do: read, or write (read and write).")


class CaseOut(Schema):
    number: str
    prefix: str
    year: int
    serial: int
    title: str
    status: CaseStatus
    registered: dt.datetime
    organisation: str
    outgoing_referral: bool = Field(description="The case is a referral this organisation sent.")


class CasePageOut(Schema):
    items: list[CaseOut]
    count: int
    page: int
    pages: int


class FileOut(Schema):
    name: str
    size: int
    content_type: str
    sha256: str


class RecordOut(Schema):
    number: str
    serial: int
    direction: Direction
    registered: dt.datetime
    document_date: dt.date
    secret: bool
    secrecy_provision: str
    content_visible: bool = Field(
        description="False for a secret record you are not cleared for: then the counterpart, "
        "subject and files are withheld and the public subject stands instead."
    )
    counterpart: str
    subject: str
    files: list[FileOut]


class CaseDetailOut(CaseOut):
    records: list[RecordOut]


class RecordIn(Schema):
    direction: Direction
    document_date: dt.date
    counterpart: str = Field(min_length=1, max_length=300)
    subject: str = Field(min_length=1, max_length=500)
    secrecy_provision: str = Field("", max_length=100, description="Registrars only.")
    public_subject: str = Field("", max_length=500)


class ProposalOut(Schema):
    number: str
    title: str


class ReferralOut(Schema):
    case: CaseOut
    report_ref: str
    report_title: str
    deadline: dt.date
    sent: dt.datetime | None
    proposals: list[ProposalOut]
    bodies: int
    replies: int


class ReplyOut(Schema):
    id: int
    record_number: str
    respondent: str
    source: ReplySource
    received: dt.datetime
    overall_stance: Stance | None
    confirmed: bool
    counted: bool
    rejected: bool


class ProposalStanceOut(Schema):
    proposal: str
    stance: Stance
    evidence: str | None = None
    page: int | None = None


class ReadingOut(Schema):
    """A reply in the reading schema: confirmed values first, the reader's where unconfirmed."""

    file: str
    respondent: str | None = None
    respondent_dnr: str | None = None
    remiss_title: str | None = None
    report_ref: str | None = None
    ministry: str | None = None
    ministry_dnr: str | None = None
    decision_body: str | None = None
    decision_date: str | None = None
    overall_stance: Stance
    proposal_stances: list[ProposalStanceOut] = []
    signatory: str | None = None
    pages: int = 0
    ocr: bool = False
    confirmed: bool
    unsolicited: bool


class QuoteOut(Schema):
    respondent: str
    stance: Stance | None
    evidence: str
    page: int | None


class CompiledProposalOut(Schema):
    id: str
    title: str
    stances: dict[Stance, list[str]] = Field(description="The bodies in each stance.")
    quotes: list[QuoteOut]


class CampaignOut(Schema):
    count: int
    respondents: list[str]
    file: str


class CompilationOut(Schema):
    proposals: list[CompiledProposalOut]
    replies: list[ReadingOut]
    campaigns: list[CampaignOut]
    warnings: list[str]
    not_replied: list[str]
    declined: list[str]
