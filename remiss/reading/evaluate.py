"""How a reading is compared with a hand-made label (issue 4's measure). Pure Python.

Respondent: the same organisation after normalising ("Juridiska fakulteten vid Lunds
universitet" = "Lunds universitet, Juridiska fakulteten"; an abbreviation in brackets does not
matter). Identifiers: equal after normalising spacing, case and typographic hyphens ("2007‐799" as
published = "2007-799" as read). Stances: equal. A null label
counts too: reading a value the text does not state is wrong.
"""

from __future__ import annotations

import re

from remiss.reading.clean import TYPOGRAPHIC_HYPHENS
from remiss.reading.respondent import key

FIELDS = (
    "respondent", "respondent_dnr", "report_ref", "ministry", "ministry_dnr", "deadline",
    "decision_body", "decision_date", "overall_stance", "signatory", "statements",
)  # fmt: skip


def _plain(value: object) -> object:
    if isinstance(value, str):
        return re.sub(r"\s+", "", value).translate(TYPOGRAPHIC_HYPHENS).casefold()
    return value


def same(field: str, read: object, label: object) -> bool:
    if field == "respondent":
        return (key(read) if read else None) == (key(label) if label else None)  # type: ignore[arg-type]
    if field == "statements":
        return [(s["kind"], s["members"], s["parties"]) for s in read or []] == [  # type: ignore[attr-defined]
            (s["kind"], s["members"], s["parties"])
            for s in label or []  # type: ignore[attr-defined]
        ]
    return _plain(read) == _plain(label)
