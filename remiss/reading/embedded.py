"""The sender's own reading, embedded in its reply (remissvar.json in a PDF/A-3, as Remiss makes
it; docs/reading.md): believed only where the text says the same.

A file can claim anything in an attachment. The embedded reading is taken when the body it
names, the issuer's case number and the report it names all stand in the document's own text;
otherwise the text's reading stands and a warning says why.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from remiss.reading.schema import Reading
from remiss.reading.stance import ProposalRef

# The fields taken from the embedded reading; file, pages, OCR and warnings stay the reader's.
TAKEN = (
    "respondent", "respondent_dnr", "remiss_title", "report_ref", "ministry", "ministry_dnr",
    "deadline", "decision_body", "decision_date", "overall_stance", "statements", "signatory",
)  # fmt: skip
_TEXT_FIELDS = (
    "respondent", "respondent_dnr", "remiss_title", "report_ref", "ministry", "ministry_dnr",
    "deadline", "decision_body", "decision_date", "signatory",
)  # fmt: skip
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _parse(embedded: str) -> Reading | None:
    """The embedded reading, or None when it is not a reading of the schema."""
    try:
        data = json.loads(embedded)
        if not isinstance(data, dict):
            return None
        for name in _TEXT_FIELDS:
            value = data.get(name)
            if value is not None and (not isinstance(value, str) or len(value) > 1000):
                return None
        for name in ("deadline", "decision_date"):
            if data.get(name) is not None and not _ISO_DATE.fullmatch(data[name]):
                return None
        if not _plain_list(data.get("proposal_stances"), _plain_stance):
            return None
        if not _plain_list(data.get("statements"), _plain_statement):
            return None
        return Reading.from_json(data)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _short_text(value: object, limit: int) -> bool:
    return isinstance(value, str) and len(value) <= limit


def _plain_list(value: object, check: Callable[[object], bool]) -> bool:
    """Nothing, or a short list of entries each of the expected plain shape: a file may hold
    anything, and what is taken is stored and shown."""
    if value is None:
        return True
    return isinstance(value, list) and len(value) <= 200 and all(check(entry) for entry in value)


def _plain_stance(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and _short_text(entry.get("proposal"), 300)
        and (entry.get("evidence") is None or _short_text(entry.get("evidence"), 3000))
        and (entry.get("page") is None or type(entry.get("page")) is int)
    )


def _plain_statement(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and all(_short_text(m, 200) for m in entry.get("members") or [])
        and all(_short_text(p, 40) for p in entry.get("parties") or [])
        and isinstance(entry.get("members") or [], list)
        and isinstance(entry.get("parties") or [], list)
    )


def adopt(
    reading: Reading, embedded: str, text: str, proposals: Sequence[ProposalRef] = ()
) -> Reading:
    """The reading with the embedded one's fields when the text bears them out; else the text's
    reading with a warning."""
    own = _parse(embedded)
    if own is None:
        warning = (
            "embedded-invalid: the attached remissvar.json is not a reading; read from the text"
        )
        return replace(reading, warnings=[*reading.warnings, warning])
    folded = _fold(text)
    claims = {"respondent": own.respondent, "ministry_dnr": own.ministry_dnr,
              "report_ref": own.report_ref}  # fmt: skip
    unsupported = [
        name
        for name, value in claims.items()
        if (name == "respondent" and not value) or (value and _fold(value) not in folded)
    ]
    if unsupported:
        warning = (
            "embedded-mismatch: the attached remissvar.json names "
            f"{', '.join(unsupported)} that the text does not; read from the text"
        )
        return replace(reading, warnings=[*reading.warnings, warning])
    taken = {name: getattr(own, name) for name in TAKEN}
    stances = own.proposal_stances
    if proposals:
        # The sender's stances on the proposals the reader was asked about, by number; a
        # proposal the sender did not number keeps the text's reading.
        by_number = {p.proposal: p for p in own.proposal_stances}
        read = {p.proposal: p for p in reading.proposal_stances}
        stances = [
            by_number[p.id] if p.id in by_number else read[p.id]
            for p in proposals
            if p.id in by_number or p.id in read
        ]
    warning = "embedded: read from the reply's own data (remissvar.json), checked against its text"
    return replace(reading, **taken, proposal_stances=stances,
                   warnings=[*reading.warnings, warning])  # fmt: skip
