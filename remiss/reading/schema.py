"""The reading: what the reader finds in one reply document, as typed data. Pure Python.

One place defines the reading's fields and the stance names; the JSON that `remiss read` prints,
the hand-made labels under tests/data and the readings the application stores are this schema's
own serialisation (`Reading.to_json`, `Reading.from_json`). docs/reading.md describes each field
and the rules of the labelling guide it follows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any


class Stance(StrEnum):
    """A position on the proposals, in the order compilations list them. A member is a str, so
    it compares equal to the JSON value ("supports") and serialises as it."""

    SUPPORTS = "supports"  # tillstyrker, ställer sig bakom, positiv till
    OPPOSES = "opposes"  # avstyrker, motsätter sig, kan inte tillstyrka
    MIXED = "mixed"  # supports some parts and opposes others
    NO_OBJECTION = "no_objection"  # inga synpunkter, ingen erinran
    ABSTAINS = "abstains"  # avstår från att yttra sig
    UNCLEAR = "unclear"  # the text does not show a position (or shows it too weakly)


# Positions that speak for the whole reply, not for a proposal.
WHOLE_REPLY_STANCES = (Stance.NO_OBJECTION, Stance.ABSTAINS)


class StatementKind(StrEnum):
    """What members of a deciding body add to its decision (minutes' words in comments)."""

    RESERVATION = "reservation"  # reservation
    SPECIAL_STATEMENT = "special_statement"  # särskilt uttalande / särskilt yttrande
    SUBSTITUTE_STATEMENT = "substitute_statement"  # ersättaryttrande
    MINUTE_NOTE = "minute_note"  # protokollsanteckning


@dataclass(frozen=True)
class ProposalReading:
    """The stance on one proposal, with the sentence that shows it and its page (1-based)."""

    proposal: str
    stance: Stance = Stance.UNCLEAR
    evidence: str | None = None
    page: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "proposal": self.proposal,
            "stance": self.stance.value,
            "evidence": self.evidence,
            "page": self.page,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ProposalReading:
        return cls(
            proposal=str(data["proposal"]),
            stance=Stance(data.get("stance") or Stance.UNCLEAR),
            evidence=data.get("evidence"),
            page=data.get("page"),
        )


@dataclass(frozen=True)
class MemberStatement:
    """A reservation or statement by members of the deciding body, with their parties."""

    kind: StatementKind
    members: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "members": list(self.members),
            "parties": list(self.parties),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> MemberStatement:
        return cls(
            kind=StatementKind(data["kind"]),
            members=tuple(str(m) for m in data.get("members") or ()),
            parties=tuple(str(p) for p in data.get("parties") or ()),
        )


# The warnings (their codes, before the ":") that say a file's text could not be read at all,
# so that its reading holds nothing of the reply (remiss.reading.extract, read.py).
NOT_READ_CODES = frozenset(
    {"unreadable", "encrypted", "refused", "timeout", "crashed", "empty", "unsupported", "no-text"}
)


def not_read(warnings: Sequence[str]) -> str | None:
    """The warning that says the file could not be read, or None when it was."""
    return next((w for w in warnings if w.split(":", 1)[0] in NOT_READ_CODES), None)


@dataclass
class Reading:
    """One reply document read. A field the text does not state is None: reading a value that
    is not there is worse than reading none."""

    file: str
    respondent: str | None = None  # the body that replies (remissinstans)
    respondent_dnr: str | None = None  # its own case number (diarienummer)
    remiss_title: str | None = None  # the title of the report replied to
    report_ref: str | None = None  # "SOU 2019:43", "Ds 2023:23", "Prop. 2020/21:1"
    ministry: str | None = None  # the addressee: a ministry or an agency
    ministry_dnr: str | None = None  # the addressee's case number ("Fi2019/03099")
    deadline: str | None = None  # ISO date the reply was asked for by
    decision_body: str | None = None  # the body that decided the reply (or is to decide it)
    decision_date: str | None = None  # ISO date of the decision
    overall_stance: Stance = Stance.UNCLEAR
    proposal_stances: list[ProposalReading] = field(default_factory=list)
    statements: list[MemberStatement] = field(default_factory=list)
    signatory: str | None = None  # the person who signed for the body
    pages: int = 0
    ocr: bool = False
    warnings: list[str] = field(default_factory=list)  # stable English codes, see extract.py

    def to_json(self) -> dict[str, Any]:
        """The reading as JSON-ready data, in the field order of this class."""
        data: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name in ("proposal_stances", "statements"):
                value = [entry.to_json() for entry in value]
            elif isinstance(value, StrEnum):
                value = value.value
            elif isinstance(value, list):
                value = list(value)
            data[item.name] = value
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Reading:
        """A stored or printed reading back; unknown keys are ignored, an unknown stance or
        statement kind is a ValueError."""
        known = {item.name for item in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["file"] = str(values.get("file") or "")
        values["overall_stance"] = Stance(values.get("overall_stance") or Stance.UNCLEAR)
        values["proposal_stances"] = [
            ProposalReading.from_json(p) for p in values.get("proposal_stances") or []
        ]
        values["statements"] = [
            MemberStatement.from_json(s) for s in values.get("statements") or []
        ]
        values["warnings"] = [str(w) for w in values.get("warnings") or []]
        return cls(**values)


FIELDS = tuple(item.name for item in fields(Reading))
