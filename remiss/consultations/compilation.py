"""The compilation (remissammanställning): who said what on each proposal. Pure Python, no
database: the application and `remiss compile` both build it from readings in the reading
schema (remiss.reading.schema, docs/reading.md) and write it as JSON, CSV, XLSX, Word or PDF."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from remiss.reading import schema
from remiss.reading.campaigns import groups as near_copies
from remiss.writing.reply import Block
from remiss.writing.swedish import STANCE_WORDS, join_list

STANCES = tuple(stance.value for stance in schema.Stance)
# The wording of a government bill's "Remissinstanserna" paragraphs.
STANCE_PHRASES = {
    "supports": "Tillstyrker eller ställer sig positiva till förslaget",
    "opposes": "Avstyrker eller är kritiska till förslaget",
    "mixed": "Tillstyrker delvis",
    "no_objection": "Har ingen erinran",
    "abstains": "Avstår från att yttra sig",
    "unclear": "Tar inte tydligt ställning i sitt svar",
}
# A reply that says it has nothing to add says so on every proposal.
WHOLE_REPLY_STANCES = tuple(stance.value for stance in schema.WHOLE_REPLY_STANCES)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Compilation:
    proposals: list[dict[str, Any]]
    replies: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)
    not_replied: list[str] = field(default_factory=list)
    declined: list[str] = field(default_factory=list)
    title: str = "Remissammanställning"
    # Replies with one text (campaign letters, template replies): count, respondents, a file.
    campaigns: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = {"proposals": self.proposals, "replies": self.replies, "warnings": self.warnings}
        if self.campaigns:
            data["campaigns"] = self.campaigns
        if self.not_replied or self.declined:
            data["not_replied"], data["declined"] = self.not_replied, self.declined
        return data


def sender_in_file_name(file_name: str) -> str | None:
    """The body a file is named after, as the covering letter asks ("Fi2026-00014
    Boverket.pdf" → "Boverket"); None for a name that does not start with a case number."""
    stem = file_name.rsplit("/", 1)[-1]
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    first, _space, rest = stem.partition(" ")
    return rest.strip() if rest.strip() and any(ch.isdigit() for ch in first) else None


def respondent_of(reading: dict[str, Any]) -> str:
    """The body's name; when the reader found none, the one the file is named after, or the
    file's name (a warning says so)."""
    name = (reading.get("respondent") or "").strip()
    if name:
        return name
    file_name = str(reading.get("file") or "okänd fil").rsplit("/", 1)[-1]
    return sender_in_file_name(file_name) or file_name


def stance_on(reading: dict[str, Any], proposal_id: str) -> tuple[str, list[dict[str, Any]]]:
    """The reply's stance on one proposal and the quotes that show it."""
    found = [
        p for p in reading.get("proposal_stances") or [] if str(p.get("proposal")) == proposal_id
    ]
    stances = {p.get("stance") for p in found if p.get("stance") in STANCES}
    stances.discard("unclear")
    if len(stances) == 1:
        stance = stances.pop()
    elif {"supports", "opposes"} <= stances or "mixed" in stances:
        stance = "mixed"
    elif reading.get("overall_stance") in WHOLE_REPLY_STANCES:
        stance = reading["overall_stance"]
    else:
        stance = "unclear"
    return stance, [p for p in found if p.get("stance") != "unclear"]


def compile_readings(
    proposals: Sequence[dict[str, Any]],
    readings: Sequence[dict[str, Any]],
    *,
    not_replied: Sequence[str] = (),
    declined: Sequence[str] = (),
    title: str = "Remissammanställning",
    describe_warning: Callable[[str], str] = str,
) -> Compilation:
    """Every reply once; for each proposal every respondent in exactly one stance list. Two
    replies from one body: the first (by order given) counts, and a warning says so."""
    warnings: list[str] = []
    counted: dict[str, dict[str, Any]] = {}
    for reading in readings:
        name = respondent_of(reading)
        if not (reading.get("respondent") or "").strip():
            warnings.append(f"Avsändaren kunde inte läsas ur {name}; filnamnet används.")
        for warning in reading.get("warnings") or []:
            warnings.append(f"{name}: {describe_warning(warning)}")
        if name in counted:
            warnings.append(
                f"Två svar från {name} ({counted[name].get('file')} och {reading.get('file')}); "
                "det första räknas."
            )
            continue
        counted[name] = reading
    compiled = []
    for proposal in proposals:
        proposal_id = str(proposal["id"])
        groups: dict[str, list[str]] = {stance: [] for stance in STANCES}
        quotes = []
        for name, reading in counted.items():
            stance, evidence = stance_on(reading, proposal_id)
            groups[stance].append(name)
            for item in evidence:
                if not item.get("evidence"):
                    continue  # a stance with nothing quoted (corrected by hand) has no quote
                quotes.append(
                    {
                        "respondent": name,
                        "stance": item.get("stance"),
                        "evidence": item.get("evidence") or "",
                        "page": item.get("page"),
                    }
                )
        compiled.append(
            {
                "id": proposal_id,
                "title": proposal.get("title") or "",
                "stances": {stance: names for stance, names in groups.items() if names},
                "quotes": quotes,
            }
        )
    prints = {name: reading.get("fingerprint") for name, reading in counted.items()}
    campaigns = [
        {"count": len(names), "respondents": names, "file": counted[names[0]].get("file") or ""}
        for names in near_copies(prints)
    ]
    return Compilation(
        proposals=compiled,
        replies=[{k: v for k, v in r.items() if k != "fingerprint"} for r in readings],
        campaigns=campaigns,
        warnings=warnings,
        not_replied=sorted(not_replied),
        declined=sorted(declined),
        title=title,
    )


def proposal_heading(proposal: dict[str, Any]) -> str:
    title = proposal.get("title") or ""
    return f"Förslag {proposal['id']}: {title}" if title else f"Förslag {proposal['id']}"


def compilation_blocks(compilation: Compilation) -> list[Block]:
    """The compilation written like a government bill's "Remissinstanserna" paragraphs, with
    the table of bodies × proposals first."""
    blocks = [Block("title", compilation.title)]
    counted = len({respondent_of(r) for r in compilation.replies})
    replied = (
        "En remissinstans har svarat." if counted == 1 else f"{counted} remissinstanser har svarat."
    )
    blocks.append(Block("paragraph", replied))
    for campaign in compilation.campaigns:
        blocks.append(
            Block(
                "paragraph",
                f"{campaign['count']} svar har samma eller nästan samma text (en kampanj eller "
                f"ett mallsvar, se {campaign['file']}): {join_list(campaign['respondents'])}.",
            )
        )
    blocks.append(Block("table", "Ställningstaganden per förslag", tuple(table_rows(compilation))))
    for proposal in compilation.proposals:
        blocks.append(Block("heading", proposal_heading(proposal)))
        sentences = [
            f"{STANCE_PHRASES[stance]}: {join_list(names)}."
            for stance, names in proposal["stances"].items()
        ]
        counts = ", ".join(
            f"{STANCE_WORDS[stance]} {len(names)}" for stance, names in proposal["stances"].items()
        )
        blocks.append(Block("paragraph", f"Remissinstanserna ({counts}). " + " ".join(sentences)))
        for quote in proposal["quotes"]:
            page = f", s. {quote['page']}" if quote.get("page") else ""
            blocks.append(Block("paragraph", f"{quote['respondent']}{page}: ”{quote['evidence']}”"))
    if compilation.not_replied:
        blocks.append(Block("heading", "Remissinstanser som inte har svarat"))
        blocks.append(Block("paragraph", join_list(compilation.not_replied) + "."))
    if compilation.declined:
        blocks.append(Block("heading", "Remissinstanser som har avstått från att svara"))
        blocks.append(Block("paragraph", join_list(compilation.declined) + "."))
    return blocks


def neutralised(value: str) -> str:
    """A spreadsheet cell never starts with a formula character: one gets a leading quote."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def table_rows(compilation: Compilation) -> list[tuple[str, ...]]:
    """One row per counted reply, one column per proposal; the header row first."""
    header = ("Remissinstans", *(f"Förslag {p['id']}" for p in compilation.proposals))
    stance_of = [
        {name: stance for stance, names in p["stances"].items() for name in names}
        for p in compilation.proposals
    ]
    rows: list[tuple[str, ...]] = [header]
    for name in dict.fromkeys(respondent_of(r) for r in compilation.replies):
        rows.append((name, *(STANCE_WORDS[stances[name]] for stances in stance_of)))
    return rows


def count_rows(compilation: Compilation) -> list[tuple[str, ...]]:
    """One row per proposal, one column per stance: how many bodies took it; the header row
    first. The overview a big referral's page starts with."""
    header = ("Förslag", *(STANCE_WORDS[stance] for stance in STANCES))
    rows: list[tuple[str, ...]] = [header]
    for proposal in compilation.proposals:
        counts = (str(len(proposal["stances"].get(stance, ()))) for stance in STANCES)
        rows.append((proposal_heading(proposal), *counts))
    return rows


def spreadsheet_rows(compilation: Compilation) -> list[list[str]]:
    """One row per reply (each file), one column per proposal, formula characters neutralised."""
    header = [
        "Remissinstans",
        "Fil",
        "Övergripande",
        *(proposal_heading(p) for p in compilation.proposals),
    ]
    rows = [header]
    counted: set[str] = set()
    for reading in compilation.replies:
        name = respondent_of(reading)
        first = name not in counted
        counted.add(name)
        row = [
            name,
            str(reading.get("file") or ""),
            STANCE_WORDS.get(reading.get("overall_stance") or "unclear", STANCE_WORDS["unclear"]),
        ]
        for proposal in compilation.proposals:
            stance, _quotes = stance_on(reading, proposal["id"])
            row.append(STANCE_WORDS[stance] + ("" if first else " (räknas inte: dubblett)"))
        rows.append(row)
    return [[neutralised(cell) for cell in row] for row in rows]


def to_csv(compilation: Compilation) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")  # Swedish Excel: semicolons
    writer.writerows(spreadsheet_rows(compilation))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM makes Excel read UTF-8


def to_xlsx(compilation: Compilation) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    # Write-only: a thousand replies are written as they come instead of built as a sheet.
    # Every cell is text: spreadsheet_rows has neutralised what could start a formula.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sammanställning")
    sheet.freeze_panes = "B2"
    header, *rows = spreadsheet_rows(compilation)
    bold = Font(bold=True)
    cells = [WriteOnlyCell(sheet, value=value) for value in header]
    for cell in cells:
        cell.font = bold
    sheet.append(cells)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_json(compilation: Compilation) -> bytes:
    return json.dumps(compilation.as_dict(), ensure_ascii=False, indent=1).encode("utf-8")


def to_docx(compilation: Compilation) -> bytes:
    from remiss.writing import formats

    return formats.to_docx(
        compilation_blocks(compilation), title=compilation.title, author="Remiss"
    )


def to_pdf(compilation: Compilation) -> bytes:
    from remiss.writing import formats

    document = formats.to_html(compilation_blocks(compilation), title=compilation.title)
    return formats.html_to_pdf(document, title=compilation.title)


WRITERS = {"json": to_json, "csv": to_csv, "xlsx": to_xlsx, "docx": to_docx, "pdf": to_pdf}
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
