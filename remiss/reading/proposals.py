"""Parse a pasted, numbered list of a report's proposals. Pure Python, no Django."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ParsedProposal:
    number: str
    title: str
    text: str


class ProposalListError(ValueError):
    """The list could not be read; `line` is the 1-based line that was not understood."""

    def __init__(self, line: int, content: str) -> None:
        super().__init__(f"line {line}: {content!r}")
        self.line = line
        self.content = content


# "1.", "2)", "4.3", "Förslag 2:", "Avsnitt 7.3", "§ 3", "a)" – then the title.
_ITEM = re.compile(
    r"^\s*(?:(?:förslag|avsnitt|kapitel|kap\.|proposal|section)\s+|§\s*)?"
    r"(?P<number>\d{1,3}(?:\.\d{1,3}){0,3}|[a-zåäö])"
    r"(?:[.):]|\s+[–-])?\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
_TITLE_TEXT = re.compile(
    r"^(?P<title>.+?)\s+[–—-]\s+(?P<text>.+)$|^(?P<t2>[^:]{3,}?):\s+(?P<x2>.+)$"
)


def _split_title(rest: str) -> tuple[str, str]:
    match = _TITLE_TEXT.match(rest)
    if match and match["title"]:
        return match["title"].strip(), match["text"].strip()
    if match and match["t2"]:
        return match["t2"].strip(), match["x2"].strip()
    return rest.strip(), ""


def parse_proposal_list(text: str) -> list[ParsedProposal]:
    """Each numbered line starts a proposal; following unnumbered lines are its text.

    >>> [p.number for p in parse_proposal_list("1. Stöd\\n2) RUM – en arena\\nför dialog")]
    ['1', '2']
    """
    items: list[list[str]] = []
    lines: list[int] = []
    for index, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = _ITEM.match(line)
        if match:
            title, body = _split_title(match["rest"])
            items.append([match["number"].rstrip("."), title, body])
            lines.append(index)
        elif items:
            items[-1][2] = f"{items[-1][2]} {line}".strip()
        else:
            raise ProposalListError(index, line)
    numbers = [item[0] for item in items]
    if len(set(numbers)) != len(numbers):
        duplicate = next(n for n in numbers if numbers.count(n) > 1)
        second = [i for i, n in enumerate(numbers) if n == duplicate][1]
        raise ProposalListError(lines[second], duplicate)
    return [ParsedProposal(number, title[:300], body) for number, title, body in items]
